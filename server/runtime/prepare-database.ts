import { bootstrapEnvApiToken } from '../api-v1/api-tokens.ts';
import { bootstrapChannels } from '../channels/bootstrap-channels.ts';
import type { Env } from '../config/env.ts';
import { loadLocalSecrets } from '../config/local-secrets.ts';
import { createSecretBox } from '../crypto/secret-box.ts';
import { migrate } from '../db/migrate.ts';
import { createPool } from '../db/pool.ts';
import { installOutboxSchema } from '../outbound/install-outbox-schema.ts';
import { bootstrapAdmin } from '../seed/bootstrap-admin.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seedDemoWorkspace } from '../seed/demo-workspace.ts';

export type PreparedDatabase = { migrations: string[]; seededDemo: boolean; bootstrappedAdmin: boolean };

/** Migrations, then the first admin from the environment, then (outside production) the demo workspace. */
export async function prepareDatabase(
  env: Env,
  databaseUrl: string,
  log: (m: string) => void,
): Promise<PreparedDatabase> {
  const migrations = await migrate(databaseUrl, log);
  // The outbox's job queue (graphile-worker): the send mutators add jobs to it from the first request on.
  await installOutboxSchema(databaseUrl, log);
  const pool = createPool(databaseUrl, 2);
  try {
    let bootstrappedAdmin = false;
    if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
      bootstrappedAdmin = await bootstrapAdmin(pool, env.ADMIN_EMAIL, env.ADMIN_PASSWORD, env.ADMIN_NAME);
    }
    const allowDemo = !env.isProduction && env.SEED_DEMO !== 'never';
    const seededDemo = allowDemo && (await seedDemoWorkspace(pool));
    // WhatsApp channels from WHATSAPP_* variables; simulator channels get their generated secrets.
    const secretBox = createSecretBox(env.ENCRYPTION_KEY ?? loadLocalSecrets(env.DATA_DIR).encryptionKey);
    await bootstrapChannels(pool, env, secretBox, log);
    // Without the licence the Chats module stays off, whatever was stored before.
    if (!env.LICENSE_CHATS) {
      await pool.query('UPDATE settings SET chats_enabled = false, updated_at = now() WHERE chats_enabled');
    }
    if (env.API_TOKEN && (await bootstrapEnvApiToken(pool, env.API_TOKEN, env.ADMIN_EMAIL)) === 'no_admin') {
      log('API_TOKEN is set, but there is no active administrator for it to act as: not installed.');
    }
    return { migrations, seededDemo, bootstrappedAdmin };
  } finally {
    await pool.end();
  }
}

export const demoCredentials = { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD };
