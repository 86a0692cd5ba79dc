import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Capability } from '../../server/capability.ts';
import { loadEnv } from '../../server/config/env.ts';
import { createSecretBox } from '../../server/crypto/secret-box.ts';
import type { AppDeps } from '../../server/http/app-context.ts';
import type { TestDatabase } from '../support/test-database.ts';

// Each app gets its own data directory (uploads, replica paths); all go when the test process ends, so runs
// do not pile them up in /tmp.
// (A file-level hook: each test file imports this module afresh.)
const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Builds the real Hono app on a test database; requests go through app.request() (no port needed). */
export function createTestDeps(db: TestDatabase, envOverrides: Record<string, string> = {}): AppDeps {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cdesk-app-'));
  dataDirs.push(dataDir);
  const env = loadEnv({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    LOG_LEVEL: 'error',
    ...envOverrides,
  });
  return {
    env,
    pool: db.pool,
    secretBox: createSecretBox('test-encryption-key'),
    zeroUrl: 'http://127.0.0.1:9',
    log: () => {},
  };
}

export function createTestApp(deps: AppDeps, caps: Capability[] = []) {
  return createApp(deps, { serveClient: false, extraRoutes: caps.flatMap((c) => c.routes ?? []) });
}
