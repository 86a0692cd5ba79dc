import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CreateOperatorInput, SetPasswordInput, UpdateOperatorInput } from '../../schema/operator-admin.ts';
import type { Role } from '../../schema/roles.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword } from '../auth/password.ts';
import { isGuessablePassword, weakPassword } from '../auth/password-strength.ts';
import { type PoolClient, withTransaction } from '../db/pool.ts';
import { apiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/app-context.ts';
import { adminRouter, isUniqueViolation, parseBody } from '../settings/admin-router.ts';
import { cancelInvites, createInvite, INVITE_PATH } from './invites.ts';
import { listOperatorSessions, revokeOperatorSessions } from './sessions.ts';

const IdParam = z.string().min(1).max(64);

type OperatorRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  can_send_templates: boolean;
  channel_scope: string[] | null;
  active: boolean;
};

class Rejection extends Error {
  readonly status: 400 | 404 | 409;
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  constructor(status: 400 | 404 | 409, code: string, message: string, fields?: Record<string, string>) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

async function assertChannelsExist(db: PoolClient, scope: string[] | null | undefined) {
  if (!scope) return;
  const { rows } = await db.query<{ id: string }>('SELECT id FROM channel WHERE id = ANY($1)', [scope]);
  if (rows.length !== new Set(scope).size) {
    throw new Rejection(400, 'invalid_request', 'Some fields need attention.', {
      channelScope: 'One of the chosen business numbers no longer exists.',
    });
  }
}

const setPasswordHash = (db: PoolClient, operatorId: string, hash: string) =>
  db.query(
    `INSERT INTO private.operator_credential (operator_id, password_hash) VALUES ($1, $2)
     ON CONFLICT (operator_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = now()`,
    [operatorId, hash],
  );

/**
 * Operator administration (admins only): create or invite, edit role and permissions, deactivate,
 * set a password or send a reset link, list and revoke sessions. Every change is audited in its
 * transaction; the operators table itself reaches browsers through Zero, so lists update live.
 */
export function operatorRoutes(deps: AppDeps) {
  const r = adminRouter(deps, '/api/settings/operators');
  const publicUrl = (url: string) => (deps.env.PUBLIC_URL ?? new URL(url).origin).replace(/\/+$/, '');

  const fail = (c: Parameters<typeof apiError>[0], err: unknown) => {
    if (err instanceof Rejection) {
      return apiError(c, err.status, err.code, err.message, err.fields ? { fields: err.fields } : undefined);
    }
    if (isUniqueViolation(err, 'operator_email_key')) {
      const message = 'Another operator already has this email address.';
      return apiError(c, 409, 'email_taken', message, { fields: { email: message } });
    }
    throw err;
  };

  r.post('/', async (c) => {
    const body = await parseBody(c, CreateOperatorInput);
    if (!body.ok) return body.response;
    const admin = c.get('operator');
    if (!admin) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    const input = body.data;
    if (input.password && (await isGuessablePassword(input.password, [input.name, input.email])))
      return weakPassword(c);
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    const id = randomUUID();
    try {
      const invite = await withTransaction(deps.pool, async (db) => {
        await assertChannelsExist(db, input.channelScope);
        await db.query(
          `INSERT INTO operator (id, name, email, role, can_send_templates, channel_scope)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            id,
            input.name,
            input.email,
            input.role,
            input.canSendTemplates,
            input.channelScope ? JSON.stringify(input.channelScope) : null,
          ],
        );
        if (passwordHash) await setPasswordHash(db, id, passwordHash);
        const inv = passwordHash ? null : await createInvite(db, id, admin.operatorId);
        await recordAudit(db, {
          actorId: admin.operatorId,
          action: 'operator.create',
          target: `operator:${id}`,
          details: {
            email: input.email,
            role: input.role,
            canSendTemplates: input.canSendTemplates,
            channelScope: input.channelScope,
            via: passwordHash ? 'password' : 'invite',
          },
        });
        return inv;
      });
      return c.json(
        {
          id,
          ...(invite
            ? {
                inviteUrl: `${publicUrl(c.req.url)}${INVITE_PATH}${invite.token}`,
                inviteExpiresAt: invite.expiresAt.getTime(),
              }
            : {}),
        },
        201,
      );
    } catch (err) {
      return fail(c, err);
    }
  });

  r.patch('/:id', async (c) => {
    const id = IdParam.safeParse(c.req.param('id'));
    if (!id.success) return apiError(c, 404, 'not_found', 'No such operator.');
    const body = await parseBody(c, UpdateOperatorInput);
    if (!body.ok) return body.response;
    const admin = c.get('operator');
    if (!admin) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    const input = body.data;
    try {
      await withTransaction(deps.pool, async (db) => {
        // Lock the admins first: two concurrent demotions cannot both pass the last-admin check.
        const { rows: admins } = await db.query<{ id: string }>(
          `SELECT id FROM operator WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`,
        );
        const { rows } = await db.query<OperatorRow>(
          'SELECT id, name, email, role, can_send_templates, channel_scope, active FROM operator WHERE id = $1 FOR UPDATE',
          [id.data],
        );
        const before = rows[0];
        if (!before) throw new Rejection(404, 'not_found', 'No such operator.');
        const after = {
          name: input.name ?? before.name,
          email: input.email ?? before.email,
          role: input.role ?? before.role,
          canSendTemplates: input.canSendTemplates ?? before.can_send_templates,
          channelScope: input.channelScope === undefined ? before.channel_scope : input.channelScope,
          active: input.active ?? before.active,
        };
        const losesAdmin =
          before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active);
        if (losesAdmin && before.id === admin.operatorId) {
          throw new Rejection(
            409,
            'self_lockout',
            'You cannot remove your own administrator rights or deactivate yourself; ask another administrator.',
          );
        }
        if (losesAdmin && admins.length <= 1) {
          throw new Rejection(409, 'last_admin', 'At least one active administrator must remain.');
        }
        await assertChannelsExist(db, input.channelScope);
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        const compare = (key: string, from: unknown, to: unknown) => {
          if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
        };
        compare('name', before.name, after.name);
        compare('email', before.email, after.email);
        compare('role', before.role, after.role);
        compare('canSendTemplates', before.can_send_templates, after.canSendTemplates);
        compare('channelScope', before.channel_scope, after.channelScope);
        compare('active', before.active, after.active);
        if (Object.keys(changes).length === 0) return;
        await db.query(
          `UPDATE operator SET name = $2, email = $3, role = $4, can_send_templates = $5, channel_scope = $6,
             active = $7, presence = CASE WHEN $7 THEN presence ELSE 'offline' END, updated_at = now()
           WHERE id = $1`,
          [
            before.id,
            after.name,
            after.email,
            after.role,
            after.canSendTemplates,
            after.channelScope ? JSON.stringify(after.channelScope) : null,
            after.active,
          ],
        );
        let sessionsRevoked = 0;
        if (!after.active && before.active) {
          sessionsRevoked = await revokeOperatorSessions(db, before.id);
          await cancelInvites(db, before.id);
        }
        const action =
          changes.active && !after.active
            ? 'operator.deactivate'
            : changes.active && after.active
              ? 'operator.reactivate'
              : changes.role || changes.canSendTemplates || changes.channelScope
                ? 'operator.permissions'
                : 'operator.update';
        await recordAudit(db, {
          actorId: admin.operatorId,
          action,
          target: `operator:${before.id}`,
          details: { changes, ...(sessionsRevoked ? { sessionsRevoked } : {}) },
        });
      });
      return c.json({ ok: true });
    } catch (err) {
      return fail(c, err);
    }
  });

  r.post('/:id/password', async (c) => {
    const body = await parseBody(c, SetPasswordInput);
    if (!body.ok) return body.response;
    const admin = c.get('operator');
    if (!admin) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    const { rows: named } = await deps.pool.query<{ name: string; email: string }>(
      'SELECT name, email FROM operator WHERE id = $1',
      [c.req.param('id')],
    );
    const who = named[0];
    if (!who) return apiError(c, 404, 'not_found', 'No such operator.');
    if (await isGuessablePassword(body.data.password, [who.name, who.email])) return weakPassword(c);
    const hash = await hashPassword(body.data.password);
    try {
      await withTransaction(deps.pool, async (db) => {
        const { rows } = await db.query('SELECT id FROM operator WHERE id = $1', [c.req.param('id')]);
        if (!rows[0]) throw new Rejection(404, 'not_found', 'No such operator.');
        const id = c.req.param('id');
        await setPasswordHash(db, id, hash);
        await cancelInvites(db, id);
        // A new password ends the other sessions (keeping the admin's own when it is their account).
        const revoked = await revokeOperatorSessions(
          db,
          id,
          id === admin.operatorId ? admin.sessionId : undefined,
        );
        await recordAudit(db, {
          actorId: admin.operatorId,
          action: 'operator.password_set',
          target: `operator:${id}`,
          details: { sessionsRevoked: revoked },
        });
      });
      return c.json({ ok: true });
    } catch (err) {
      return fail(c, err);
    }
  });

  r.post('/:id/invite', async (c) => {
    const admin = c.get('operator');
    if (!admin) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    try {
      const invite = await withTransaction(deps.pool, async (db) => {
        const { rows } = await db.query<{ active: boolean }>('SELECT active FROM operator WHERE id = $1', [
          c.req.param('id'),
        ]);
        if (!rows[0]) throw new Rejection(404, 'not_found', 'No such operator.');
        if (!rows[0].active) throw new Rejection(409, 'inactive', 'Reactivate the operator first.');
        const inv = await createInvite(db, c.req.param('id'), admin.operatorId);
        await recordAudit(db, {
          actorId: admin.operatorId,
          action: 'operator.invite',
          target: `operator:${c.req.param('id')}`,
        });
        return inv;
      });
      return c.json({
        inviteUrl: `${publicUrl(c.req.url)}${INVITE_PATH}${invite.token}`,
        inviteExpiresAt: invite.expiresAt.getTime(),
      });
    } catch (err) {
      return fail(c, err);
    }
  });

  r.get('/:id/sessions', async (c) => {
    return c.json({ sessions: await listOperatorSessions(deps.pool, c.req.param('id')) });
  });

  r.post('/:id/revoke-sessions', async (c) => {
    const admin = c.get('operator');
    if (!admin) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    const id = c.req.param('id');
    const revoked = await withTransaction(deps.pool, async (db) => {
      // For their own account, "sign out everywhere" keeps the session doing it.
      const n = await revokeOperatorSessions(db, id, id === admin.operatorId ? admin.sessionId : undefined);
      await db.query(
        `UPDATE operator SET presence = 'offline', updated_at = now() WHERE id = $1 AND id <> $2`,
        [id, admin.operatorId],
      );
      await recordAudit(db, {
        actorId: admin.operatorId,
        action: 'operator.sessions_revoked',
        target: `operator:${id}`,
        details: { sessionsRevoked: n },
      });
      return n;
    });
    return c.json({ revoked });
  });

  return r;
}
