import { useEffect } from 'react';

/**
 * Fetches lazily loaded code once the browser is idle after the first paint, so the screen or panel it
 * holds opens without waiting for the network (and is in the HTTP cache for offline use later).
 */
export function usePreloadWhenIdle(...preloads: (() => Promise<unknown>)[]): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the loaders are module-level constants
  useEffect(() => {
    const run = () => {
      for (const preload of preloads) void preload().catch(() => {});
    };
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(run, { timeout: 5000 });
      return () => cancelIdleCallback(handle);
    }
    const timer = setTimeout(run, 2000);
    return () => clearTimeout(timer);
  }, []);
}
