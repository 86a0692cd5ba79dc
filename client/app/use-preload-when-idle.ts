import { useEffect } from 'react';
import { afterFirstContent } from './first-content.ts';

/**
 * Fetches lazily loaded code once the screen shows its content and the browser is idle, so the screen or
 * panel it holds opens without waiting for the network (and is in the HTTP cache for offline use later).
 */
export function usePreloadWhenIdle(...preloads: (() => Promise<unknown>)[]): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the loaders are module-level constants
  useEffect(() => {
    let cancelled = false;
    let cancel = () => {};
    const run = () => {
      for (const preload of preloads) void preload().catch(() => {});
    };
    void afterFirstContent().then(() => {
      if (cancelled) return;
      if (typeof requestIdleCallback === 'function') {
        const handle = requestIdleCallback(run, { timeout: 5000 });
        cancel = () => cancelIdleCallback(handle);
      } else {
        const timer = setTimeout(run, 2000);
        cancel = () => clearTimeout(timer);
      }
    });
    return () => {
      cancelled = true;
      cancel();
    };
  }, []);
}
