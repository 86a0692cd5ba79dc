import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Ports away from a developer's running `npm start`, and a data dir that global-setup wipes first.
const port = Number(process.env.E2E_PORT ?? 3310);
const zeroPort = Number(process.env.E2E_ZERO_PORT ?? 4950);
const pgPort = Number(process.env.E2E_PG_PORT ?? 5490);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(tmpdir(), 'cdesk-e2e');

export const E2E = {
  baseUrl: `http://localhost:${port}`,
  pgPort,
  zeroPort,
  /** The embedded Postgres' superuser password is generated into the data dir on the stack's first start. */
  get databaseUrl() {
    const secrets = JSON.parse(readFileSync(path.join(dataDir, 'local-secrets.json'), 'utf8'));
    return `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${pgPort}/cdesk`;
  },
  dataDir,
  serverEnv: {
    NODE_ENV: 'development',
    PORT: String(port),
    ZERO_PORT: String(zeroPort),
    PG_PORT: String(pgPort),
    DATA_DIR: dataDir,
    SEED_DEMO: 'auto',
    LOG_LEVEL: 'warn',
  },
  admin: { email: 'admin@demo.cdesk.local', password: 'cdesk-demo' },
  operator: { email: 'olga@demo.cdesk.local', password: 'cdesk-demo' },
};
