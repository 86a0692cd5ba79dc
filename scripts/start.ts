// Runs the whole product as one process tree: embedded Postgres (unless DATABASE_URL), migrations,
// demo seed, zero-cache, the API (serving the built client) and, with --dev, Vite with hot reload.
// Ctrl-C / SIGTERM stops everything; a second instance on the same DATA_DIR refuses to start.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv } from '../server/config/env.ts';
import { loadLocalSecrets } from '../server/config/local-secrets.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../server/db/start-embedded-postgres.ts';
import { acquireInstanceLock } from '../server/runtime/instance-lock.ts';
import { isPortFree } from '../server/runtime/port-check.ts';
import { demoCredentials, prepareDatabase } from '../server/runtime/prepare-database.ts';
import { type Supervised, superviseProcess } from '../server/runtime/supervised-process.ts';

const FORWARDED_HEADERS = 'x-forwarded-host,x-forwarded-proto';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const dev = process.argv.includes('--dev');
const t0 = Date.now();
const log = (line: string) => process.stdout.write(`${line}\n`);
const fail = (msg: string): never => {
  process.stderr.write(`\n✖ ${msg}\n\n`);
  process.exit(1);
};

const env = (() => {
  try {
    return loadEnv();
  } catch (err) {
    return fail((err as Error).message);
  }
})();
const dataDir = path.resolve(env.DATA_DIR);
if (env.ZERO_PUBLIC_URL && !env.PUBLIC_URL) {
  // zero-cache forwards the page's Origin to /api/zero/*; without the proxy's X-Forwarded-Host, only
  // PUBLIC_URL can tell the API which Origin is its own.
  fail(
    'ZERO_PUBLIC_URL needs PUBLIC_URL (the address operators open), so that sync requests can be checked.',
  );
}
let releaseLock: () => void = () => {};
try {
  releaseLock = acquireInstanceLock(dataDir);
} catch (err) {
  fail((err as Error).message);
}

const publicPort = env.PORT;
const apiPort = dev ? env.PORT + 1 : env.PORT;
for (const [what, port] of [
  ['the web server (PORT)', publicPort],
  ['zero-cache (ZERO_PORT)', env.ZERO_PORT],
  ['zero-cache (ZERO_PORT+1)', env.ZERO_PORT + 1],
  ['zero-cache (ZERO_PORT+2)', env.ZERO_PORT + 2],
] as const) {
  if (!(await isPortFree(port))) {
    releaseLock();
    fail(
      `Port ${port} for ${what} is already in use. Is CDESK Chats already running? Set PORT / ZERO_PORT to use others.`,
    );
  }
}

const children: Supervised[] = [];
let db: EmbeddedDatabase | null = null;
let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  log('\nStopping CDESK Chats …');
  await Promise.allSettled([...children].reverse().map((c) => c.stop()));
  if (db) await db.stop().catch((e: Error) => log(`[postgres] stop: ${e.message}`));
  releaseLock();
  log('Stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    log(`Starting embedded PostgreSQL on 127.0.0.1:${env.PG_PORT} (data in ${path.join(dataDir, 'pg')}) …`);
    db = await startEmbeddedPostgres({
      dataDir,
      port: env.PG_PORT,
      log: (l) => env.LOG_LEVEL === 'debug' && log(`[postgres] ${l}`),
    });
    databaseUrl = db.url;
  }
  const prepared = await prepareDatabase(env, databaseUrl, log);
  if (prepared.migrations.length) log(`Applied migrations: ${prepared.migrations.join(', ')}`);

  if (!dev && needsBuild()) {
    log('Building the web client …');
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
      {
        stdio: 'inherit',
      },
    );
    if (r.status !== 0) throw new Error('vite build failed');
  }

  const secrets = loadLocalSecrets(dataDir);
  const replicaFile = path.join(dataDir, 'zero-replica.db');
  // Replicas written before the preload's umask were world-readable.
  for (const suffix of ['', '-wal', '-wal2', '-shm']) {
    if (existsSync(replicaFile + suffix)) chmodSync(replicaFile + suffix, 0o600);
  }
  const zeroAdminPassword = env.ZERO_ADMIN_PASSWORD ?? secrets.zeroAdminPassword;
  const childEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    PORT: String(apiPort),
    ZERO_ADMIN_PASSWORD: zeroAdminPassword,
  };
  children.push(
    superviseProcess({
      name: 'zero-cache',
      command: process.execPath,
      // The preload keeps zero-cache's listeners (sync, change-streamer) on loopback: it has no option
      // for that. Browsers reach it through the API's /zero websocket proxy.
      args: [
        '--import',
        path.join(root, 'server/runtime/zero-cache-loopback.ts'),
        path.join(root, 'node_modules/@rocicorp/zero/out/zero/src/cli.js'),
      ],
      env: {
        ...childEnv,
        // Only when browsers are sent to zero-cache itself (ZERO_PUBLIC_URL) does its sync port listen
        // beside the API's; the change-streamer stays on loopback either way.
        CDESK_ZERO_SYNC_HOST: env.ZERO_PUBLIC_URL ? env.HOST : '127.0.0.1',
        ZERO_UPSTREAM_DB: databaseUrl,
        ZERO_REPLICA_FILE: replicaFile,
        ZERO_PORT: String(env.ZERO_PORT),
        ZERO_QUERY_URL: `http://127.0.0.1:${apiPort}/api/zero/query`,
        ZERO_MUTATE_URL: `http://127.0.0.1:${apiPort}/api/zero/mutate`,
        ZERO_QUERY_FORWARD_COOKIES: 'true',
        ZERO_MUTATE_FORWARD_COOKIES: 'true',
        // With the cookie and the page's Origin, the host the browser addressed (set by the sync proxy)
        // goes to /api/zero/*, whose Origin check compares the two.
        ZERO_QUERY_ALLOWED_REQUEST_HEADERS: FORWARDED_HEADERS,
        ZERO_MUTATE_ALLOWED_REQUEST_HEADERS: FORWARDED_HEADERS,
        ZERO_ENABLE_TELEMETRY: 'false',
        // Permission changes (module switch, role, channel scope, revoked sessions) reach already-synced
        // queries when zero-cache re-asks /api/zero/query: every 15 s instead of the default 5 minutes.
        ZERO_AUTH_RETRANSFORM_INTERVAL_SECONDS: process.env.ZERO_AUTH_RETRANSFORM_INTERVAL_SECONDS ?? '15',
        ZERO_LOG_LEVEL: process.env.ZERO_LOG_LEVEL ?? 'warn',
      },
      log,
    }),
  );
  children.push(
    superviseProcess({
      name: 'api',
      command: process.execPath,
      args: [path.join(root, 'server/main.ts')],
      env: childEnv,
      log,
    }),
  );
  if (dev) {
    children.push(
      superviseProcess({
        name: 'vite',
        command: process.execPath,
        args: [
          path.join(root, 'node_modules/vite/bin/vite.js'),
          '--port',
          String(publicPort),
          '--strictPort',
        ],
        env: { ...childEnv, API_PORT: String(apiPort) },
        log,
      }),
    );
  }

  await waitForHealth(`http://127.0.0.1:${publicPort}/healthz`, 120_000);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const url = `http://localhost:${publicPort}`;
  log('');
  log(`CDESK Chats is running at ${url}  (ready in ${seconds} s${dev ? ', dev mode with hot reload' : ''})`);
  if (prepared.seededDemo || !env.isProduction) {
    log(`  Demo workspace sign-in: ${demoCredentials.email} / ${demoCredentials.password}`);
    log(`  WhatsApp simulator (customer phone): ${url}/simulator`);
  }
  log('  Press Ctrl-C to stop.');
} catch (err) {
  log(`✖ Start-up failed: ${(err as Error).stack ?? err}`);
  await stopAll(1);
}

async function waitForHealth(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
}

function needsBuild(): boolean {
  const index = path.join(root, 'dist/index.html');
  if (!existsSync(index)) return true;
  const builtAt = statSync(index).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? newer(p) : statSync(p).mtimeMs > builtAt;
    });
  return ['client', 'schema'].some((d) => existsSync(d) && newer(path.join(root, d)));
}
