import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../../schema/roles.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Pool, PoolClient } from '../db/pool.ts';

type Db = Pool | PoolClient;

/** Recognisable in logs and secret scanners; 32 random bytes after it. */
export const TOKEN_PREFIX = 'cdk_';
const PREFIX_SHOWN = TOKEN_PREFIX.length + 6;
export const ENV_TOKEN_ID = 'api-token-env';

// High-entropy random tokens: a plain SHA-256 is the right hash (nothing to brute-force, fast lookup).
export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  operatorId: string;
  operatorName: string;
  createdBy: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

export type ApiCaller = {
  tokenId: string;
  operatorId: string;
  name: string;
  role: Role;
  canSendTemplates: boolean;
  channelScope: string[] | null;
};

/** Creates a token acting as `operatorId`; the clear token is returned once and never stored. */
export async function createApiToken(
  db: Db,
  input: { name: string; operatorId: string; createdBy: string | null },
): Promise<{ id: string; token: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  await db.query(
    `INSERT INTO private.api_token (id, name, token_hash, token_prefix, operator_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, input.name, hashApiToken(token), token.slice(0, PREFIX_SHOWN), input.operatorId, input.createdBy],
  );
  return { id, token };
}

export async function revokeApiToken(db: Db, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE private.api_token SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
    [id],
  );
  return (rowCount ?? 0) > 0;
}

export async function listApiTokens(db: Db): Promise<ApiTokenView[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    token_prefix: string;
    operator_id: string;
    operator_name: string;
    created_by: string | null;
    created_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
  }>(
    `SELECT t.id, t.name, t.token_prefix, t.operator_id, o.name AS operator_name, t.created_by, t.created_at,
            t.last_used_at, t.revoked_at
       FROM private.api_token t JOIN operator o ON o.id = t.operator_id
      ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC LIMIT 500`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.token_prefix,
    operatorId: r.operator_id,
    operatorName: r.operator_name,
    createdBy: r.created_by,
    createdAt: r.created_at.getTime(),
    lastUsedAt: r.last_used_at?.getTime() ?? null,
    revokedAt: r.revoked_at?.getTime() ?? null,
  }));
}

/**
 * The operator a bearer token acts as, or null: unknown, revoked, or its operator deactivated. The
 * operator's role and permissions are read live, so an admin's change applies to the next call.
 */
export async function authenticateApiToken(pool: Pool, token: string): Promise<ApiCaller | null> {
  if (token.length < 20 || token.length > 300) return null;
  const tokenHash = hashApiToken(token);
  const { rows } = await pool.query<{
    id: string;
    last_used_at: Date | null;
    operator_id: string;
    name: string;
    role: Role;
    can_send_templates: boolean;
    channel_scope: string[] | null;
  }>(
    `SELECT t.id, t.last_used_at, o.id AS operator_id, o.name, o.role, o.can_send_templates, o.channel_scope
       FROM private.api_token t JOIN operator o ON o.id = t.operator_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND o.active`,
    [tokenHash],
  );
  const r = rows[0];
  if (!r) return null;
  if (!r.last_used_at || Date.now() - r.last_used_at.getTime() > 60_000) {
    pool.query('UPDATE private.api_token SET last_used_at = now() WHERE id = $1', [r.id]).catch(() => {});
  }
  return {
    tokenId: r.id,
    operatorId: r.operator_id,
    name: r.name,
    role: r.role,
    canSendTemplates: r.can_send_templates,
    channelScope: r.channel_scope,
  };
}

/**
 * API_TOKEN from the environment (no prefix is kept: a chosen value may be short on entropy) becomes an admin token (for deployments and scripts), acting as the
 * ADMIN_EMAIL admin or else the oldest active admin. A changed value replaces the stored hash; a
 * revocation made in Settings sticks for as long as the value stays the same.
 */
export async function bootstrapEnvApiToken(
  pool: Pool,
  token: string,
  adminEmail: string | undefined,
): Promise<'created' | 'updated' | 'unchanged' | 'no_admin'> {
  const { rows: admins } = await pool.query<{ id: string }>(
    `SELECT id FROM operator WHERE role = 'admin' AND active
      ORDER BY (lower(email) = lower($1)) DESC NULLS LAST, created_at, id LIMIT 1`,
    [adminEmail ?? ''],
  );
  const admin = admins[0];
  if (!admin) return 'no_admin';
  const tokenHash = hashApiToken(token);
  const { rows } = await pool.query<{ token_hash: string }>(
    'SELECT token_hash FROM private.api_token WHERE id = $1',
    [ENV_TOKEN_ID],
  );
  const existing = rows[0];
  if (existing?.token_hash === tokenHash) return 'unchanged';
  if (existing) {
    await pool.query(
      `UPDATE private.api_token SET token_hash = $2, token_prefix = $3, operator_id = $4, revoked_at = NULL,
         created_at = now(), last_used_at = NULL WHERE id = $1`,
      [ENV_TOKEN_ID, tokenHash, '', admin.id],
    );
  } else {
    await pool.query(
      `INSERT INTO private.api_token (id, name, token_hash, token_prefix, operator_id)
       VALUES ($1, 'API_TOKEN (environment)', $2, '', $3)`,
      [ENV_TOKEN_ID, tokenHash, admin.id],
    );
  }
  await recordAudit(pool, {
    actorId: null,
    action: existing ? 'api_token.rotate' : 'api_token.create',
    target: `api_token:${ENV_TOKEN_ID}`,
    details: { source: 'API_TOKEN', operatorId: admin.id },
  });
  return existing ? 'updated' : 'created';
}
