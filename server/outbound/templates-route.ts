import { Hono } from 'hono';
import { canWrite } from '../../schema/roles.ts';
import { sessionMiddleware } from '../auth/session-middleware.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { DEFAULT_OUTBOX_SETTINGS } from './outbox-worker.ts';
import { syncTemplates } from './sync-templates.ts';

/**
 * POST /api/templates/refresh: "Refresh" in the template picker, synchronously, so the picker can show
 * when it is done and what failed. (The `templates.refresh` mutator queues the same sync instead.)
 */
export function templatesRoute(deps: AppDeps) {
  return new Hono<AppBindings>().post('/api/templates/refresh', sessionMiddleware(deps), async (c) => {
    const op = c.get('operator');
    if (!op) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    if (!canWrite(op.role)) return apiError(c, 403, 'forbidden', 'Your account is read-only.');
    const results = await syncTemplates({ pool: deps.pool, deps, settings: DEFAULT_OUTBOX_SETTINGS });
    const failed = results.filter((r) => !r.ok);
    return c.json({ ok: failed.length === 0, accounts: results });
  });
}
