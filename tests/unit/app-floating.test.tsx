import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LazyPopover, LazyTooltip } from '../../client/app/floating.tsx';

// This file's module instance starts without the popover code, as the app does at its first paint.
describe('LazyPopover and LazyTooltip', () => {
  it('render their target at once; a click before the code arrives opens the popover when it does', async () => {
    render(
      <MantineProvider env="test">
        <LazyTooltip label="Tip">
          <span>tipped</span>
        </LazyTooltip>
        <LazyPopover target={<button type="button">Open</button>} tip="Open the list">
          <p>the list</p>
        </LazyPopover>
      </MantineProvider>,
    );
    expect(screen.getByText('tipped')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(await screen.findByText('the list')).toBeTruthy();
    expect(screen.getByText('tipped')).toBeTruthy();
  });
});
