import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AcceptInviteInput } from '../../schema/operator-admin.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword } from '../auth/password.ts';
import { isGuessablePassword, weakPassword } from '../auth/password-strength.ts';
import { startSession } from '../auth/start-session.ts';
import { withTransaction } from '../db/pool.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { parseBody } from '../settings/admin-router.ts';
import { findInvite, markInviteUsed } from './invites.ts';
import { revokeOperatorSessions } from './sessions.ts';

const INVALID = 'This link is invalid, already used or expired. Ask an administrator for a new one.';

/** The page behind an invite / reset link: who it is for, then set a password and sign in. */
export function inviteRoutes(deps: AppDeps) {
  const r = new Hono<AppBindings>().basePath('/api/auth/invite');
  r.use(
    '*',
    bodyLimit({ maxSize: 8 * 1024, onError: (c) => apiError(c, 413, 'too_large', 'Body too large.') }),
  );
  r.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  r.get('/:token', async (c) => {
    const token = c.req.param('token');
    const invite = token.length <= 200 ? await findInvite(deps.pool, token) : null;
    if (!invite) return apiError(c, 404, 'invite_invalid', INVALID);
    return c.json({ name: invite.name, email: invite.email });
  });

  r.post('/accept', async (c) => {
    const body = await parseBody(c, AcceptInviteInput);
    if (!body.ok) return body.response;
    const { token, password } = body.data;
    const invited = await findInvite(deps.pool, token);
    if (!invited) return apiError(c, 404, 'invite_invalid', INVALID);
    if (await isGuessablePassword(password, [invited.name, invited.email])) return weakPassword(c);
    const hash = await hashPassword(password);
    const operatorId = await withTransaction(deps.pool, async (db) => {
      const invite = await findInvite(db, token, true);
      if (!invite) return null;
      await db.query(
        `INSERT INTO private.operator_credential (operator_id, password_hash) VALUES ($1, $2)
         ON CONFLICT (operator_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = now()`,
        [invite.operatorId, hash],
      );
      await markInviteUsed(db, token);
      await revokeOperatorSessions(db, invite.operatorId);
      await recordAudit(db, {
        actorId: invite.operatorId,
        action: 'operator.password_chosen',
        target: `operator:${invite.operatorId}`,
      });
      return invite.operatorId;
    });
    if (!operatorId) return apiError(c, 404, 'invite_invalid', INVALID);
    await startSession(c, deps, operatorId);
    return c.json({ ok: true });
  });

  return r;
}
