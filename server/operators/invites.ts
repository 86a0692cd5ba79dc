import { createHash, randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from '../db/pool.ts';

type Db = Pool | PoolClient;

export const INVITE_TTL_MS = 7 * 24 * 3600_000;
export const INVITE_PATH = '/invite/';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A one-time link for an operator to set their password (new account or reset). Only the hash is
 * stored; a new link cancels the operator's earlier unused ones.
 */
export async function createInvite(db: Db, operatorId: string, createdBy: string | null) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
  await db.query(
    'UPDATE private.operator_invite SET used_at = now() WHERE operator_id = $1 AND used_at IS NULL',
    [operatorId],
  );
  await db.query(
    'INSERT INTO private.operator_invite (token_hash, operator_id, created_by, expires_at) VALUES ($1, $2, $3, $4)',
    [hash(token), operatorId, createdBy, expiresAt],
  );
  return { token, expiresAt };
}

export type InviteTarget = { operatorId: string; name: string; email: string };

/** The operator a still-valid invite is for, or null (unknown, used, expired, or account inactive). */
export async function findInvite(db: Db, token: string, lock = false): Promise<InviteTarget | null> {
  const { rows } = await db.query<{ operator_id: string; name: string; email: string }>(
    `SELECT i.operator_id, o.name, o.email FROM private.operator_invite i JOIN operator o ON o.id = i.operator_id
      WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > now() AND o.active
      ${lock ? 'FOR UPDATE OF i' : ''}`,
    [hash(token)],
  );
  const r = rows[0];
  return r ? { operatorId: r.operator_id, name: r.name, email: r.email } : null;
}

export async function markInviteUsed(db: Db, token: string) {
  await db.query('UPDATE private.operator_invite SET used_at = now() WHERE token_hash = $1', [hash(token)]);
}

/** Cancels every unused link of an operator (deactivation). */
export async function cancelInvites(db: Db, operatorId: string) {
  await db.query(
    'UPDATE private.operator_invite SET used_at = now() WHERE operator_id = $1 AND used_at IS NULL',
    [operatorId],
  );
}
