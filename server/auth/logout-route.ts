import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { revokeSessionByToken, SESSION_COOKIE } from './session-store.ts';

export function logoutRoute(deps: AppDeps) {
  return new Hono<AppBindings>().post('/api/auth/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await revokeSessionByToken(deps.pool, token);
    const op = c.get('operator');
    if (op)
      await deps.pool.query(`UPDATE operator SET presence = 'offline', updated_at = now() WHERE id = $1`, [
        op.operatorId,
      ]);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });
}
