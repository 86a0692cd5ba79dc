import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

const flush = () => new Promise((r) => setTimeout(r, 0));

type Preload = () => Promise<unknown>;
/** A screen using the hook; the hook comes from a freshly imported module (first-content's state is per module). */
function Screen({ hook: usePreload, preload }: { hook: (...preloads: Preload[]) => void; preload: Preload }) {
  usePreload(preload);
  return null;
}

describe('usePreloadWhenIdle', () => {
  it('fetches code for later only once the screen shows its content, when the browser is idle', async () => {
    vi.resetModules();
    const { usePreloadWhenIdle } = await import('../../client/app/use-preload-when-idle.ts');
    const { markFirstContent } = await import('../../client/app/first-content.ts');
    // The browser is idle at once (as it is while Zero reads its local store on a warm reload).
    const g = globalThis as {
      requestIdleCallback?: (cb: () => void) => number;
      cancelIdleCallback?: (handle: number) => void;
    };
    g.requestIdleCallback = (cb) => {
      cb();
      return 1;
    };
    g.cancelIdleCallback = () => {};
    try {
      const preload = vi.fn(() => Promise.resolve());
      const { unmount } = render(<Screen hook={usePreloadWhenIdle} preload={preload} />);
      await flush();
      expect(preload).not.toHaveBeenCalled();
      markFirstContent(); // the frame with the Chats table's first rows has been painted
      await vi.waitFor(() => expect(preload).toHaveBeenCalledTimes(1));
      unmount();
    } finally {
      delete g.requestIdleCallback;
      delete g.cancelIdleCallback;
    }
  });

  it('does not wait for ever on a screen that never reports its content', async () => {
    vi.resetModules();
    vi.useFakeTimers();
    try {
      const { usePreloadWhenIdle } = await import('../../client/app/use-preload-when-idle.ts');
      const preload = vi.fn(() => Promise.resolve());
      render(<Screen hook={usePreloadWhenIdle} preload={preload} />); // e.g. settings: no first rows
      await vi.advanceTimersByTimeAsync(2900);
      expect(preload).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(10_000); // the 3 s fallback, then idle (or 2 s without idle callbacks)
      expect(preload).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
