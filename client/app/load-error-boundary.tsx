import { Alert, Button, Stack, Text } from '@mantine/core';
import { Component, type ReactNode } from 'react';
import { t } from '../i18n/strings.ts';

/**
 * Screens and panels are loaded on demand, and their code can fail to arrive (offline before it was
 * cached, a release replaced in the meantime): say so and offer a reload instead of a blank page.
 */
export class LoadErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Alert color="red" title={t.app.loadFailed} m="md" data-testid="load-error" role="alert">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t.app.loadFailedHint}</Text>
          <Button size="xs" onClick={() => location.reload()}>
            {t.app.reload}
          </Button>
        </Stack>
      </Alert>
    );
  }
}
