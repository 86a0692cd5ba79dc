import { randomBytes } from 'node:crypto';
import type { Env } from '../config/env.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { type Pool, type PoolClient, withTransaction } from '../db/pool.ts';

export type BootstrapResult = {
  /** The channel configured from WHATSAPP_* variables, if any. */
  envChannelId: string | null;
  /** Simulator channels that just got generated secrets. */
  simulatorChannelsPrepared: string[];
};

type BootstrapEnv = Pick<
  Env,
  | 'isProduction'
  | 'WHATSAPP_PHONE_NUMBER_ID'
  | 'WHATSAPP_DISPLAY_PHONE_NUMBER'
  | 'WHATSAPP_BUSINESS_ACCOUNT_ID'
  | 'WHATSAPP_ACCESS_TOKEN'
  | 'WHATSAPP_APP_SECRET'
  | 'WHATSAPP_VERIFY_TOKEN'
  | 'WHATSAPP_GRAPH_URL'
>;

const generateSecret = () => randomBytes(24).toString('base64url');

/**
 * Start-up configuration of the WhatsApp channels:
 * 1. WHATSAPP_PHONE_NUMBER_ID (for deployments and tests) creates or updates that channel. With an access
 *    token and app secret it talks to Meta; without them (never in production) it uses the simulator.
 *    Given secrets replace the stored ones: the environment wins at start-up.
 * 2. Every simulator-mode channel gets the secrets the simulator needs (app secret to sign webhooks,
 *    verify token, access token for its Graph API), generated once and stored encrypted.
 */
export async function bootstrapChannels(
  pool: Pool,
  env: BootstrapEnv,
  box: SecretBox,
  log: (message: string) => void,
): Promise<BootstrapResult> {
  return withTransaction(pool, async (db) => {
    // Several processes may start at once against one database: one bootstrap at a time.
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('cdesk:bootstrap-channels'))`);
    const envChannelId = await bootstrapFromEnv(db, env, box, log);
    const simulatorChannelsPrepared = env.isProduction ? [] : await prepareSimulatorChannels(db, box);
    if (env.isProduction) {
      const { rows } = await db.query(`SELECT id FROM channel WHERE mode = 'simulator'`);
      if (rows.length > 0)
        log(
          `Channels in simulator mode are inactive in production: ${rows.map((r) => r.id).join(', ')}. Configure Meta credentials in Global Settings.`,
        );
    }
    return { envChannelId, simulatorChannelsPrepared };
  });
}

async function bootstrapFromEnv(
  db: PoolClient,
  env: BootstrapEnv,
  box: SecretBox,
  log: (message: string) => void,
): Promise<string | null> {
  const phoneNumberId = env.WHATSAPP_PHONE_NUMBER_ID?.trim();
  if (!phoneNumberId) return null;
  const meta = Boolean(env.WHATSAPP_ACCESS_TOKEN && env.WHATSAPP_APP_SECRET);
  if (!meta && env.isProduction) {
    log(
      'WHATSAPP_PHONE_NUMBER_ID is set without WHATSAPP_ACCESS_TOKEN and WHATSAPP_APP_SECRET: the channel is not configured (the simulator is not available in production).',
    );
    return null;
  }
  if (meta && !env.WHATSAPP_VERIFY_TOKEN)
    log(
      'WHATSAPP_VERIFY_TOKEN is not set: Meta cannot verify the webhook until it is set in Global Settings.',
    );
  const display = env.WHATSAPP_DISPLAY_PHONE_NUMBER?.trim() || phoneNumberId;
  const waba = env.WHATSAPP_BUSINESS_ACCOUNT_ID?.trim() ?? '';
  const mode = meta ? 'meta' : 'simulator';
  const existing = await db.query<{ id: string }>('SELECT id FROM channel WHERE phone_number_id = $1', [
    phoneNumberId,
  ]);
  let id = existing.rows[0]?.id;
  if (id) {
    await db.query(
      `UPDATE channel SET display_phone_number = $2, waba_id = CASE WHEN $3 = '' THEN waba_id ELSE $3 END,
              graph_url = $4, mode = $5, updated_at = now()
        WHERE id = $1`,
      [id, display, waba, env.WHATSAPP_GRAPH_URL, mode],
    );
  } else {
    const slots = await db.query<{ slot: number }>('SELECT slot FROM channel');
    const taken = new Set(slots.rows.map((r) => r.slot));
    const slot = [1, 2].find((s) => !taken.has(s));
    if (slot === undefined) {
      log(
        `WHATSAPP_PHONE_NUMBER_ID=${phoneNumberId} was not added: both channel slots are taken. Free one in Global Settings.`,
      );
      return null;
    }
    id = `ch-${phoneNumberId}`;
    await db.query(
      `INSERT INTO channel (id, slot, display_phone_number, phone_number_id, waba_id, graph_url, mode)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, slot, display, phoneNumberId, waba, env.WHATSAPP_GRAPH_URL, mode],
    );
    log(`Channel ${id} (${display}) configured from WHATSAPP_* variables, ${mode} mode.`);
  }
  await db.query('INSERT INTO channel_stats (channel_id) VALUES ($1) ON CONFLICT (channel_id) DO NOTHING', [
    id,
  ]);
  const sealed = (value: string | undefined) => (value ? box.seal(value) : null);
  await db.query(
    `INSERT INTO private.channel_secret (channel_id, access_token_enc, app_secret_enc, verify_token_enc)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (channel_id) DO UPDATE SET
       access_token_enc = coalesce(EXCLUDED.access_token_enc, channel_secret.access_token_enc),
       app_secret_enc = coalesce(EXCLUDED.app_secret_enc, channel_secret.app_secret_enc),
       verify_token_enc = coalesce(EXCLUDED.verify_token_enc, channel_secret.verify_token_enc),
       updated_at = now()`,
    [
      id,
      sealed(env.WHATSAPP_ACCESS_TOKEN),
      sealed(env.WHATSAPP_APP_SECRET),
      sealed(env.WHATSAPP_VERIFY_TOKEN),
    ],
  );
  return id;
}

/** Fills in the secrets a simulator channel lacks; never replaces existing ones. */
export async function prepareSimulatorChannels(db: PoolClient | Pool, box: SecretBox): Promise<string[]> {
  const { rows } = await db.query<{
    id: string;
    access_token_enc: string | null;
    app_secret_enc: string | null;
    verify_token_enc: string | null;
  }>(
    `SELECT c.id, s.access_token_enc, s.app_secret_enc, s.verify_token_enc
       FROM channel c LEFT JOIN private.channel_secret s ON s.channel_id = c.id
      WHERE c.mode = 'simulator'
        AND (s.channel_id IS NULL OR s.access_token_enc IS NULL OR s.app_secret_enc IS NULL OR s.verify_token_enc IS NULL)`,
  );
  for (const row of rows) {
    await db.query(
      `INSERT INTO private.channel_secret (channel_id, access_token_enc, app_secret_enc, verify_token_enc)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (channel_id) DO UPDATE SET
         access_token_enc = coalesce(channel_secret.access_token_enc, EXCLUDED.access_token_enc),
         app_secret_enc = coalesce(channel_secret.app_secret_enc, EXCLUDED.app_secret_enc),
         verify_token_enc = coalesce(channel_secret.verify_token_enc, EXCLUDED.verify_token_enc),
         updated_at = now()`,
      [row.id, box.seal(generateSecret()), box.seal(generateSecret()), box.seal(generateSecret())],
    );
    await db.query('INSERT INTO channel_stats (channel_id) VALUES ($1) ON CONFLICT (channel_id) DO NOTHING', [
      row.id,
    ]);
  }
  return rows.map((r) => r.id);
}
