import type { Env } from './config/env.ts';
import { loadLocalSecrets } from './config/local-secrets.ts';
import { createSecretBox } from './crypto/secret-box.ts';
import { createPool } from './db/pool.ts';
import type { AppDeps } from './http/app-context.ts';
import { createLogger } from './http/logger.ts';

export function createDeps(env: Env, databaseUrl: string, name = 'api'): AppDeps {
  const encryptionKey = env.ENCRYPTION_KEY ?? loadLocalSecrets(env.DATA_DIR).encryptionKey;
  return {
    env,
    pool: createPool(databaseUrl, 20),
    secretBox: createSecretBox(encryptionKey),
    zeroUrl: `http://127.0.0.1:${env.ZERO_PORT}`,
    log: createLogger(env.LOG_LEVEL, name),
  };
}
