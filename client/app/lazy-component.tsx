import { type ComponentType, type JSX, lazy, useState } from 'react';

export type LazyComponent<P extends object> = ((props: P) => JSX.Element) & {
  /** Starts fetching the code; later renders then show the component without a loading flash. */
  preload: () => Promise<unknown>;
};

/**
 * React.lazy plus `preload()`: code fetched in advance (once the browser is idle) renders at once, where
 * React.lazy alone suspends for a tick on its first render even when the module has already arrived.
 * Render it inside a <Suspense> boundary for the case where it has not.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () => {
    pending ??= load().then(
      (component) => {
        loaded = component;
        return component;
      },
      (err: unknown) => {
        pending = null; // a failed fetch (offline, a new deploy) is retried on the next attempt
        throw err;
      },
    );
    return pending;
  };
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  // biome-ignore lint/correctness/noComponentHookFactories: called once per module at load time, like React.lazy
  function Preloadable(props: P) {
    // Chosen once per mounted instance, so switching never remounts the component and loses its state.
    const [Direct] = useState(() => loaded);
    return Direct ? <Direct {...props} /> : <Lazy {...props} />;
  }
  return Object.assign(Preloadable, { preload });
}
