// The product's processes, started the way a deployment starts them, on the bench's own ports and data
// directories: an embedded Postgres, the API (server/main.ts, unmodified) and zero-cache (single node,
// replication-manager or view-syncer). Every process is a real OS process, so it can be SIGKILLed.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { chmod } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadEnv } from '../../server/config/env.ts';
import { startEmbeddedPostgres } from '../../server/db/start-embedded-postgres.ts';
import { prepareDatabase } from '../../server/runtime/prepare-database.ts';
import { ACCESS_TOKEN, APP_SECRET, DISPLAY_NUMBER, PHONE_NUMBER_ID, WABA_ID } from './fake-graph.ts';
import { processTree } from './proc.ts';
import { sleep, waitUntil } from './stats.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ENCRYPTION_KEY = 'bench-encryption-key-0123456789abcdef';
export const ZERO_ADMIN_PASSWORD = 'bench-zero-admin-password';

/**
 * The WhatsApp channel the bench talks to: its app secret signs webhooks; its Graph API is the outbound
 * tests' FakeGraph (same numbers and token), or nothing when a scenario sends no replies.
 */
export const BENCH_CHANNEL = {
  phoneNumberId: PHONE_NUMBER_ID,
  display: DISPLAY_NUMBER,
  wabaId: WABA_ID,
  appSecret: APP_SECRET,
  accessToken: ACCESS_TOKEN,
  verifyToken: 'bench-verify-token',
  id: `ch-${PHONE_NUMBER_ID}`,
};

export type Postgres = {
  port: number;
  dataDir: string;
  adminUrl: string;
  urlFor: (database: string) => string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
};

/** An embedded PostgreSQL 17 (wal_level=logical) that can be stopped and started again on its data. */
export async function startPostgres(dataDir: string, port: number, fresh = true): Promise<Postgres> {
  if (fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  await chmod(dataDir, 0o755);
  let db = await startEmbeddedPostgres({ dataDir, port });
  const adminUrl = db.url.replace(/\/cdesk$/, '/postgres');
  // pg_stat_statements (shipped with the embedded binaries) lets the ingest scenario measure each
  // statement of the write path; it must be preloaded, hence one restart of a fresh cluster.
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ v: string }>(
      `SELECT current_setting('shared_preload_libraries') AS v`,
    );
    if (!rows[0]?.v.includes('pg_stat_statements')) {
      await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
      await admin.end();
      await db.stop();
      db = await startEmbeddedPostgres({ dataDir, port });
    } else await admin.end();
  } catch (err) {
    await admin.end().catch(() => {});
    throw err;
  }
  return {
    port,
    dataDir,
    adminUrl,
    urlFor: (database) => db.url.replace(/\/cdesk$/, `/${database}`),
    stop: () => db.stop(),
    start: async () => {
      db = await startEmbeddedPostgres({ dataDir, port });
    },
  };
}

/** The environment every bench process shares (secrets fixed so processes can be restarted). */
export function benchEnv(opts: {
  databaseUrl: string;
  dataDir: string;
  port: number;
  zeroPort: number;
  graphUrl?: string;
  channel?: boolean;
  extra?: Record<string, string>;
}): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(opts.port),
    DATABASE_URL: opts.databaseUrl,
    DATA_DIR: opts.dataDir,
    ZERO_PORT: String(opts.zeroPort),
    ENCRYPTION_KEY,
    ZERO_ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'auto',
  };
  if (opts.channel !== false) {
    Object.assign(env, {
      WHATSAPP_PHONE_NUMBER_ID: BENCH_CHANNEL.phoneNumberId,
      WHATSAPP_DISPLAY_PHONE_NUMBER: BENCH_CHANNEL.display,
      WHATSAPP_BUSINESS_ACCOUNT_ID: BENCH_CHANNEL.wabaId,
      WHATSAPP_ACCESS_TOKEN: BENCH_CHANNEL.accessToken,
      WHATSAPP_APP_SECRET: BENCH_CHANNEL.appSecret,
      WHATSAPP_VERIFY_TOKEN: BENCH_CHANNEL.verifyToken,
      WHATSAPP_GRAPH_URL: opts.graphUrl ?? 'http://127.0.0.1:9/v23.0',
    });
  }
  return { ...env, ...(opts.extra ?? {}) };
}

/** A fresh database on the bench Postgres, migrated, demo workspace seeded, channels bootstrapped. */
export async function createDatabase(
  postgres: Postgres,
  name: string,
  env: Record<string, string>,
): Promise<string> {
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  try {
    // zero-cache's replication slots on a database that is dropped must go first.
    await admin.query(
      `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1 AND NOT active`,
      [name],
    );
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = postgres.urlFor(name);
  await prepareDatabase(loadEnv({ ...env, DATABASE_URL: url }), url, () => {});
  return url;
}

export type Proc = {
  name: string;
  child: ChildProcess;
  pid: number;
  exited: Promise<number | null>;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
};

/**
 * GET with a hard deadline on its own socket (node:http, no keep-alive pool): resolves to the status and
 * body, or null. Start-up probes use it so one stuck request can never stall a wait loop.
 */
export function httpGet(url: string, timeoutMs = 3000): Promise<{ status: number; body: string } | null> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

const spawned = new Set<Proc>();
let exitHookInstalled = false;

/** Ends a process tree now, by pid (only processes still running our node binaries from this checkout). */
function killTreeNow(root: number) {
  for (const pid of processTree(root).reverse()) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(ROOT)) continue;
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Stops every process this harness spawned that is still running, newest first. */
export async function stopSpawned() {
  for (const p of [...spawned].reverse()) await p.kill().catch(() => {});
}

function spawnLogged(name: string, args: string[], env: Record<string, string>, logDir: string): Proc {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Whatever way this process ends, nothing it started outlives it.
    process.once('exit', () => {
      for (const p of spawned) killTreeNow(p.pid);
    });
  }
  mkdirSync(logDir, { recursive: true });
  const log: WriteStream = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: Proc = {
    name,
    child,
    pid: child.pid ?? 0,
    exited,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // zero-cache forks workers: whatever of this tree outlives its root is ended too (by pid).
      const tree = processTree(child.pid ?? 0).slice(1);
      child.kill(signal);
      const hard = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(hard);
      await sleep(signal === 'SIGKILL' ? 0 : 2000);
      for (const pid of tree) {
        try {
          // Only if that pid is still one of our node processes (not reused meanwhile).
          if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(ROOT)) continue;
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
  spawned.add(proc);
  void exited.then(() => spawned.delete(proc));
  return proc;
}

/** server/main.ts as is; resolves once it listens and reaches Postgres. */
export async function startApi(name: string, env: Record<string, string>, logDir: string): Promise<Proc> {
  const proc = spawnLogged(
    name,
    [
      // e.g. BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses --cpu-prof in NODE_OPTIONS).
      ...(process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      path.join(ROOT, 'server/main.ts'),
    ],
    env,
    logDir,
  );
  const url = `http://127.0.0.1:${env.PORT}/healthz`;
  let dead = false;
  void proc.exited.then(() => {
    dead = true;
  });
  await waitUntil(
    async () => {
      if (dead) throw new Error(`${name} exited during start-up (see ${logDir}/${name}.log)`);
      // /healthz also asks zero-cache, which may start later: the API is up once it reaches Postgres.
      const res = await httpGet(url);
      if (!res) return false;
      try {
        return (JSON.parse(res.body) as { db?: boolean }).db === true;
      } catch {
        return false;
      }
    },
    60_000,
    `${name} to answer ${url}`,
  );
  return proc;
}

export type ZeroRole = 'single' | 'replication-manager' | 'view-syncer';

/**
 * zero-cache as scripts/start.ts runs it (cookie forwarding to the API's query/mutate routes), or in the
 * multi-node roles: a replication-manager (no sync workers) or a view-syncer fed by its change-streamer.
 */
export async function startZeroCache(
  name: string,
  opts: {
    databaseUrl: string;
    port: number;
    apiPort: number;
    replicaFile: string;
    role?: ZeroRole;
    changeStreamerUri?: string;
    syncWorkers?: number;
    logDir: string;
    /** Keep an existing replica file (a restart); default: start from an empty one. */
    keepReplica?: boolean;
    extra?: Record<string, string>;
  },
): Promise<Proc> {
  const role = opts.role ?? 'single';
  mkdirSync(path.dirname(opts.replicaFile), { recursive: true });
  if (!opts.keepReplica) {
    for (const suffix of ['', '-wal', '-wal2', '-shm'])
      rmSync(`${opts.replicaFile}${suffix}`, { force: true });
  }
  const env: Record<string, string> = {
    ZERO_UPSTREAM_DB: opts.databaseUrl,
    ZERO_REPLICA_FILE: opts.replicaFile,
    ZERO_PORT: String(opts.port),
    ZERO_ADMIN_PASSWORD,
    ZERO_QUERY_URL: `http://127.0.0.1:${opts.apiPort}/api/zero/query`,
    ZERO_MUTATE_URL: `http://127.0.0.1:${opts.apiPort}/api/zero/mutate`,
    ZERO_QUERY_FORWARD_COOKIES: 'true',
    ZERO_MUTATE_FORWARD_COOKIES: 'true',
    // As scripts/start.ts: the host browsers addressed (set by the API's /zero proxy) for the Origin check.
    ZERO_QUERY_ALLOWED_REQUEST_HEADERS: 'x-forwarded-host,x-forwarded-proto',
    ZERO_MUTATE_ALLOWED_REQUEST_HEADERS: 'x-forwarded-host,x-forwarded-proto',
    ZERO_ENABLE_TELEMETRY: 'false',
    ZERO_AUTH_RETRANSFORM_INTERVAL_SECONDS: '15',
    ZERO_LOG_LEVEL: process.env.ZERO_LOG_LEVEL ?? 'warn',
    ...(opts.syncWorkers !== undefined ? { ZERO_NUM_SYNC_WORKERS: String(opts.syncWorkers) } : {}),
  };
  if (role === 'replication-manager') {
    env.ZERO_NUM_SYNC_WORKERS = '0';
    env.ZERO_CHANGE_STREAMER_PORT = String(opts.port + 1);
  }
  if (role === 'view-syncer') {
    if (!opts.changeStreamerUri) throw new Error('a view-syncer needs changeStreamerUri');
    env.ZERO_CHANGE_STREAMER_URI = opts.changeStreamerUri;
  }
  const proc = spawnLogged(
    name,
    [
      // e.g. BENCH_ZERO_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": zero-cache's forked workers inherit them.
      ...(process.env.BENCH_ZERO_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      // As scripts/start.ts: the sync port and the change-streamer on loopback only (zero-cache has no
      // option for it), so a test or bench run exposes no replicated row to the machine's network either.
      '--import',
      path.join(ROOT, 'server/runtime/zero-cache-loopback.ts'),
      path.join(ROOT, 'node_modules/@rocicorp/zero/out/zero/src/cli.js'),
    ],
    { ...env, ...(opts.extra ?? {}) },
    opts.logDir,
  );
  let dead = false;
  void proc.exited.then(() => {
    dead = true;
  });
  // The replication-manager answers on its change-streamer port; the others on the sync port.
  const probe = `http://127.0.0.1:${opts.port}/`;
  await waitUntil(
    async () => {
      if (dead) throw new Error(`${name} exited during start-up (see ${opts.logDir}/${name}.log)`);
      return (await httpGet(probe))?.status === 200;
    },
    600_000,
    `${name} to answer ${probe}`,
    200,
  );
  return proc;
}

/** Stops processes in reverse order of start, never throwing. */
export async function stopAll(procs: (Proc | undefined)[]) {
  for (const p of [...procs].reverse()) if (p) await p.kill().catch(() => {});
  await sleep(100);
}
