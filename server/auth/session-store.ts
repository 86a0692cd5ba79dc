import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../schema/roles.ts';
import type { Pool } from '../db/pool.ts';
import { announceSessionsEnded } from './session-ended.ts';

export const SESSION_COOKIE = 'cdesk_session';
export const SESSION_TTL_MS = 30 * 24 * 3600_000;

export type SessionOperator = {
  sessionId: string;
  operatorId: string;
  name: string;
  email: string;
  role: Role;
  canSendTemplates: boolean;
  channelScope: string[] | null;
};

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a session; only the token's hash is stored, so a database leak yields no usable cookie. */
export async function createSession(
  pool: Pool,
  operatorId: string,
  userAgent: string | undefined,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await pool.query(
    `INSERT INTO private.session (token_hash, id, operator_id, user_agent, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [
      hashToken(token),
      randomBytes(9).toString('base64url'),
      operatorId,
      userAgent?.slice(0, 300) ?? null,
      expiresAt,
    ],
  );
  return { token, expiresAt };
}

/**
 * The operator behind a session token, or null when it is unknown, revoked, expired, idle for longer
 * than `idleMinutes` (0: no idle limit), or its operator is deactivated.
 */
export async function findSession(
  pool: Pool,
  token: string | undefined,
  idleMinutes: number,
): Promise<SessionOperator | null> {
  if (!token || token.length > 200) return null;
  const tokenHash = hashToken(token);
  const { rows } = await pool.query(
    `SELECT s.id AS session_id, s.last_used_at, o.id, o.name, o.email, o.role, o.can_send_templates, o.channel_scope
       FROM private.session s JOIN operator o ON o.id = s.operator_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND o.active
        AND ($2::int = 0 OR s.last_used_at > now() - make_interval(mins => $2::int))`,
    [tokenHash, idleMinutes],
  );
  const r = rows[0];
  if (!r) return null;
  // Every Zero query/mutate call resolves the session: touch last_used_at at most once a minute.
  if (Date.now() - new Date(r.last_used_at).getTime() > 60_000) {
    pool
      .query('UPDATE private.session SET last_used_at = now() WHERE token_hash = $1', [tokenHash])
      .catch(() => {});
  }
  return {
    sessionId: r.session_id,
    operatorId: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    canSendTemplates: r.can_send_templates,
    channelScope: r.channel_scope,
  };
}

export async function revokeSessionByToken(pool: Pool, token: string): Promise<void> {
  const { rows } = await pool.query<{ id: string }>(
    'UPDATE private.session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING id',
    [hashToken(token)],
  );
  await announceSessionsEnded(
    pool,
    rows.map((r) => r.id),
  );
}

/** Which of these sessions are still valid (same rule as findSession), for connections held open. */
export async function stillValidSessions(
  pool: Pool,
  sessionIds: string[],
  idleMinutes: number,
): Promise<Set<string>> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT s.id FROM private.session s JOIN operator o ON o.id = s.operator_id
      WHERE s.id = ANY($1) AND s.revoked_at IS NULL AND s.expires_at > now() AND o.active
        AND ($2::int = 0 OR s.last_used_at > now() - make_interval(mins => $2::int))`,
    [sessionIds, idleMinutes],
  );
  return new Set(rows.map((r) => r.id));
}
