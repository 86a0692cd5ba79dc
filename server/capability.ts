import type { Hono } from 'hono';
import type { AppBindings } from './http/app-context.ts';

/**
 * A capability's HTTP routes and background work, mounted by main.ts. Its own file so that the
 * capabilities and the registry that lists them (capabilities.ts) do not import each other.
 */
export type Capability = {
  routes?: Hono<AppBindings>[];
  /** Starts background work; resolves to a stop function awaited on shutdown. */
  start?: () => Promise<() => Promise<void>>;
};
