import type { SecretBox } from '../crypto/secret-box.ts';
import type { Pool, PoolClient } from '../db/pool.ts';

// A channel's Meta secrets live encrypted (AES-256-GCM, key from ENCRYPTION_KEY) in
// private.channel_secret, a schema zero-cache never publishes. Only server code reads them.

type Queryable = Pool | PoolClient;

export type ChannelSecrets = {
  accessToken: string | null;
  appSecret: string | null;
  verifyToken: string | null;
};
export type ChannelSecretPatch = Partial<Record<keyof ChannelSecrets, string>>;

const columns = {
  accessToken: 'access_token_enc',
  appSecret: 'app_secret_enc',
  verifyToken: 'verify_token_enc',
} as const;

type SecretRow = {
  access_token_enc: string | null;
  app_secret_enc: string | null;
  verify_token_enc: string | null;
};

/** The decrypted secrets of one channel (nulls when unset or when the channel has none). */
export async function readChannelSecrets(
  db: Queryable,
  box: SecretBox,
  channelId: string,
): Promise<ChannelSecrets> {
  const { rows } = await db.query<SecretRow>(
    'SELECT access_token_enc, app_secret_enc, verify_token_enc FROM private.channel_secret WHERE channel_id = $1',
    [channelId],
  );
  const r = rows[0];
  const open = (v: string | null | undefined) => (v ? box.open(v) : null);
  return {
    accessToken: open(r?.access_token_enc),
    appSecret: open(r?.app_secret_enc),
    verifyToken: open(r?.verify_token_enc),
  };
}

/** Which secrets are stored, and since when; never their values. */
export async function secretPresence(
  db: Queryable,
  channelId: string,
): Promise<Record<keyof ChannelSecrets, { set: boolean; updatedAt: number | null }>> {
  const { rows } = await db.query<{ a: boolean; s: boolean; v: boolean; updated_at: Date }>(
    `SELECT access_token_enc IS NOT NULL AS a, app_secret_enc IS NOT NULL AS s,
            verify_token_enc IS NOT NULL AS v, updated_at
       FROM private.channel_secret WHERE channel_id = $1`,
    [channelId],
  );
  const r = rows[0];
  const at = r ? r.updated_at.getTime() : null;
  return {
    accessToken: { set: r?.a ?? false, updatedAt: r?.a ? at : null },
    appSecret: { set: r?.s ?? false, updatedAt: r?.s ? at : null },
    verifyToken: { set: r?.v ?? false, updatedAt: r?.v ? at : null },
  };
}

/** Replaces the given secrets (sealed), keeping the others; creates the row when missing. */
export async function writeChannelSecrets(
  db: Queryable,
  box: SecretBox,
  channelId: string,
  patch: ChannelSecretPatch,
): Promise<void> {
  const entries = (Object.keys(columns) as (keyof ChannelSecrets)[]).filter((k) => patch[k] !== undefined);
  await db.query(
    'INSERT INTO private.channel_secret (channel_id) VALUES ($1) ON CONFLICT (channel_id) DO NOTHING',
    [channelId],
  );
  if (entries.length === 0) return;
  const sets = entries.map((k, i) => `${columns[k]} = $${i + 2}`).join(', ');
  await db.query(`UPDATE private.channel_secret SET ${sets}, updated_at = now() WHERE channel_id = $1`, [
    channelId,
    ...entries.map((k) => box.seal(patch[k] as string)),
  ]);
}

/** Copies the sealed secrets of one channel to another (same key: no need to decrypt). */
export async function copyChannelSecrets(db: Queryable, fromChannelId: string, toChannelId: string) {
  await db.query(
    `INSERT INTO private.channel_secret (channel_id, access_token_enc, app_secret_enc, verify_token_enc)
     SELECT $2, access_token_enc, app_secret_enc, verify_token_enc FROM private.channel_secret WHERE channel_id = $1
     ON CONFLICT (channel_id) DO UPDATE SET access_token_enc = EXCLUDED.access_token_enc,
       app_secret_enc = EXCLUDED.app_secret_enc, verify_token_enc = EXCLUDED.verify_token_enc, updated_at = now()`,
    [fromChannelId, toChannelId],
  );
}
