import { mkdtempSync, rmSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../server/db/migrate.ts';
import { startEmbeddedPostgres } from '../../server/db/start-embedded-postgres.ts';
import { installOutboxSchema } from '../../server/outbound/install-outbox-schema.ts';
import { findFreePort } from '../../server/runtime/port-check.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseAdminUrl: string;
    templateDatabase: string;
  }
}

/**
 * One real embedded Postgres for the integration suite, on a free port in a temp dir. The schema is
 * migrated once into a template database; each test file clones it (CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdesk-it-'));
  await chmod(dir, 0o755);
  const port = await findFreePort();
  const db = await startEmbeddedPostgres({ dataDir: dir, port });
  const adminUrl = db.url.replace(/\/cdesk$/, '/postgres');
  const template = 'cdesk_template';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  await migrate(db.url.replace(/\/cdesk$/, `/${template}`));
  await installOutboxSchema(db.url.replace(/\/cdesk$/, `/${template}`));
  project.provide('databaseAdminUrl', adminUrl);
  project.provide('templateDatabase', template);
  return async () => {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
