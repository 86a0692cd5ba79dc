// Spinners carry an aria-label ("Loading older messages…"): under the app's theme each is a live status,
// so the label is allowed and read out (a plain span may not have one: axe's aria-prohibited-attr).
import { Loader, MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { theme } from '../../client/app/theme.ts';

describe('the theme', () => {
  it('makes every Loader a status named by its label', () => {
    render(
      <MantineProvider env="test" theme={theme}>
        <Loader size="xs" aria-label="Loading older messages…" />
      </MantineProvider>,
    );
    expect(screen.getByRole('status', { name: 'Loading older messages…' })).toBeTruthy();
  });
});
