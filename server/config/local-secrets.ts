import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type LocalSecrets = { encryptionKey: string; zeroAdminPassword: string; postgresPassword: string };

const generators: { [K in keyof LocalSecrets]: () => string } = {
  encryptionKey: () => randomBytes(32).toString('base64url'),
  zeroAdminPassword: () => randomBytes(18).toString('base64url'),
  // The embedded Postgres superuser's password (server/db/start-embedded-postgres.ts).
  postgresPassword: () => randomBytes(24).toString('base64url'),
};

/**
 * Outside production, secrets not given in the environment are generated once and kept in DATA_DIR
 * (mode 0600), so a restart can still decrypt what was stored. Production must set them explicitly.
 * A file from an older version lacking a secret gets it added; existing values never change.
 */
export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'local-secrets.json');
  const stored: Partial<LocalSecrets> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>)
    : {};
  const missing = (Object.keys(generators) as (keyof LocalSecrets)[]).filter((k) => !stored[k]);
  if (missing.length === 0) {
    chmodSync(file, 0o600);
    return stored as LocalSecrets;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secrets = { ...stored } as LocalSecrets;
  for (const k of missing) secrets[k] = generators[k]();
  // Written whole then renamed: a reader never sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  renameSync(tmp, file);
  return secrets;
}
