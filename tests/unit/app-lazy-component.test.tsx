import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { lazyComponent } from '../../client/app/lazy-component.tsx';
import { LoadErrorBoundary } from '../../client/app/load-error-boundary.tsx';

const wrap = (ui: React.ReactNode) =>
  render(
    <MantineProvider env="test">
      <LoadErrorBoundary>
        <Suspense fallback={<p>loading</p>}>{ui}</Suspense>
      </LoadErrorBoundary>
    </MantineProvider>,
  );

describe('lazyComponent', () => {
  it('renders at once, without the fallback, when its code was preloaded', async () => {
    const Hello = lazyComponent(async () => ({ name }: { name: string }) => <p>hello {name}</p>);
    await Hello.preload();
    wrap(<Hello name="Ann" />);
    expect(screen.getByText('hello Ann')).toBeTruthy();
    expect(screen.queryByText('loading')).toBeNull();
  });

  it('shows the fallback, then the component, when its code arrives later', async () => {
    const Hello = lazyComponent(async () => () => <p>hello</p>);
    wrap(<Hello />);
    expect(screen.getByText('loading')).toBeTruthy();
    expect(await screen.findByText('hello')).toBeTruthy();
  });

  it('offers a reload when its code cannot be fetched, and fetches again on the next attempt', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const load = vi.fn(() => Promise.reject(new Error('Failed to fetch dynamically imported module')));
    const Broken = lazyComponent<object>(load);
    wrap(<Broken />);
    expect(await screen.findByTestId('load-error')).toBeTruthy();
    await expect(Broken.preload()).rejects.toThrow();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
