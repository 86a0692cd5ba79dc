import { announceSessionsEnded } from '../auth/session-ended.ts';
import type { Pool, PoolClient } from '../db/pool.ts';

type Db = Pool | PoolClient;

/** Ends an operator's sessions at once (their next request, Zero's included, is unauthenticated). */
export async function revokeOperatorSessions(db: Db, operatorId: string, exceptSessionId?: string) {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE private.session SET revoked_at = now()
      WHERE operator_id = $1 AND revoked_at IS NULL AND expires_at > now() AND ($2::text IS NULL OR id <> $2)
      RETURNING id`,
    [operatorId, exceptSessionId ?? null],
  );
  await announceSessionsEnded(
    db,
    rows.map((r) => r.id),
  );
  return rows.length;
}

export type SessionView = {
  id: string;
  userAgent: string | null;
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number;
};

/** Live sessions of an operator (never their tokens: only hashes are stored anyway). */
export async function listOperatorSessions(db: Db, operatorId: string): Promise<SessionView[]> {
  const { rows } = await db.query<{
    id: string;
    user_agent: string | null;
    created_at: Date;
    last_used_at: Date;
    expires_at: Date;
  }>(
    `SELECT id, user_agent, created_at, last_used_at, expires_at FROM private.session
      WHERE operator_id = $1 AND revoked_at IS NULL AND expires_at > now() ORDER BY last_used_at DESC LIMIT 100`,
    [operatorId],
  );
  return rows.map((r) => ({
    id: r.id,
    userAgent: r.user_agent,
    createdAt: r.created_at.getTime(),
    lastUsedAt: r.last_used_at.getTime(),
    expiresAt: r.expires_at.getTime(),
  }));
}
