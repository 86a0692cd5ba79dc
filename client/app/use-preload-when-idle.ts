import { useEffect } from 'react';
import { afterFirstContent } from './first-content.ts';

/**
 * Fetches lazily loaded code once the screen shows its content and the browser is idle, so the screen or
 * panel it holds opens without waiting for the network (and is in the HTTP cache for offline use later).
 * Fetching it after the component has gone does no harm, so nothing is cancelled.
 */
export function usePreloadWhenIdle(...preloads: (() => Promise<unknown>)[]): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the loaders are module-level constants
  useEffect(() => {
    const run = () => {
      for (const preload of preloads) void preload().catch(() => {});
    };
    void afterFirstContent().then(() =>
      typeof requestIdleCallback === 'function'
        ? requestIdleCallback(run, { timeout: 5000 })
        : setTimeout(run, 2000),
    );
  }, []);
}
