import '@mantine/core/styles.css';
import './app/touch-targets.css';
import { ColorSchemeScript, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { LoadErrorBoundary } from './app/load-error-boundary.tsx';
import { cssVariablesResolver, theme } from './app/theme.ts';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <ColorSchemeScript defaultColorScheme="auto" />
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <LoadErrorBoundary>
        <App />
      </LoadErrorBoundary>
    </MantineProvider>
  </StrictMode>,
);
