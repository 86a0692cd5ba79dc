import { CreateApiTokenInput } from '../../schema/operator-admin.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { withTransaction } from '../db/pool.ts';
import { apiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/app-context.ts';
import { adminRouter, parseBody } from '../settings/admin-router.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';

/** Global Settings > API tokens (admins only): create (the token is shown once), list, revoke. */
export function apiTokenRoutes(deps: AppDeps) {
  const r = adminRouter(deps, '/api/settings/api-tokens');

  r.get('/', async (c) => c.json({ tokens: await listApiTokens(deps.pool) }));

  r.post('/', async (c) => {
    const body = await parseBody(c, CreateApiTokenInput);
    if (!body.ok) return body.response;
    const admin = c.get('operator');
    if (!admin) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    const operatorId = body.data.operatorId ?? admin.operatorId;
    const created = await withTransaction(deps.pool, async (db) => {
      const { rows } = await db.query('SELECT 1 FROM operator WHERE id = $1 AND active', [operatorId]);
      if (!rows[0]) return null;
      const t = await createApiToken(db, { name: body.data.name, operatorId, createdBy: admin.operatorId });
      await recordAudit(db, {
        actorId: admin.operatorId,
        action: 'api_token.create',
        target: `api_token:${t.id}`,
        details: { name: body.data.name, operatorId },
      });
      return t;
    });
    if (!created) {
      const message = 'Choose an active operator for the token to act as.';
      return apiError(c, 400, 'invalid_request', message, { fields: { operatorId: message } });
    }
    // The only time the token is ever shown.
    return c.json({ id: created.id, token: created.token }, 201);
  });

  r.delete('/:id', async (c) => {
    const admin = c.get('operator');
    if (!admin) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    const id = c.req.param('id');
    const revoked = await withTransaction(deps.pool, async (db) => {
      const done = await revokeApiToken(db, id);
      if (done) {
        await recordAudit(db, {
          actorId: admin.operatorId,
          action: 'api_token.revoke',
          target: `api_token:${id}`,
        });
      }
      return done;
    });
    if (!revoked) return apiError(c, 404, 'not_found', 'No active token with that id.');
    return c.json({ ok: true });
  });

  return r;
}
