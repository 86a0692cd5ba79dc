import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { revokeOperatorSessions } from '../operators/sessions.ts';
import { revokeSessionByToken, SESSION_COOKIE } from './session-store.ts';

// No body: this browser only. `everywhere`: every session of the operator (a lost or shared device).
const LogoutBody = z.object({ everywhere: z.boolean().default(false) }).strict();

/**
 * Ends the session (or all of the operator's, "sign out everywhere"); their sync websockets are closed
 * at once (session-ended.ts). The browser deletes its local data itself (client/auth/clear-local-data.ts).
 */
export function logoutRoute(deps: AppDeps) {
  return new Hono<AppBindings>().post('/api/auth/logout', async (c) => {
    const text = await c.req.text();
    const body = LogoutBody.safeParse(text ? safeJson(text) : {});
    if (!body.success) return apiError(c, 400, 'invalid_request', 'Send {} or {"everywhere": true}.');
    const token = getCookie(c, SESSION_COOKIE);
    const op = c.get('operator');
    if (body.data.everywhere && op) {
      const n = await revokeOperatorSessions(deps.pool, op.operatorId);
      await recordAudit(deps.pool, {
        actorId: op.operatorId,
        action: 'auth.logout_everywhere',
        target: `operator:${op.operatorId}`,
        details: { sessionsRevoked: n },
      });
    } else if (token) await revokeSessionByToken(deps.pool, token);
    if (op)
      await deps.pool.query(`UPDATE operator SET presence = 'offline', updated_at = now() WHERE id = $1`, [
        op.operatorId,
      ]);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
