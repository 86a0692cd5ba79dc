import { Hono } from 'hono';
import type { AppBindings, AppDeps } from './app-context.ts';

/** { ok, db, zero }: 200 only when Postgres answers and zero-cache's HTTP endpoint is up. */
export function healthRoute(deps: AppDeps) {
  return new Hono<AppBindings>().get('/healthz', async (c) => {
    const [db, zero] = await Promise.all([
      deps.pool
        .query('SELECT 1')
        .then(() => true)
        .catch(() => false),
      fetch(`${deps.zeroUrl}/`, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.ok)
        .catch(() => false),
    ]);
    const ok = db && zero;
    return c.json({ ok, db, zero }, ok ? 200 : 503);
  });
}
