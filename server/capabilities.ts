import type { Hono } from 'hono';
import type { AppBindings, AppDeps } from './http/app-context.ts';

/** A capability's HTTP routes and background work, mounted by main.ts (one line per capability). */
export type Capability = {
  routes?: Hono<AppBindings>[];
  /** Starts background work; resolves to a stop function awaited on shutdown. */
  start?: () => Promise<() => Promise<void>>;
};

export function capabilities(_deps: AppDeps): Capability[] {
  return [];
}
