// `npm run scale-out`: the multi-machine topology on one machine, for trying it by hand (a Procfile in
// TypeScript): an embedded Postgres (or DATABASE_URL), two API processes, a zero-cache replication-manager
// and two view-syncers. Each API serves the web client and points its browsers at "its" view-syncer, as a
// sticky load balancer would. Every start begins with a fresh database. Ctrl-C stops everything. `npm run soak -- --only=scale-out` proves it.
//
//   SCALE_DIR (/tmp/cdesk-scale-out)  API_PORTS (3100,3101)  RM_PORT (4900)  VS_PORTS (4910,4920)  PG_PORT (5434)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startTopology, type Topology } from '../bench/lib/topology.ts';
import { loadEnv } from '../server/config/env.ts';
import { prepareDatabase } from '../server/runtime/prepare-database.ts';
import {
  benchEnv,
  createDatabase,
  type Postgres,
  ROOT,
  startPostgres,
  stopSpawned,
} from '../tests/support/stack.ts';

const log = (line: string) => process.stdout.write(`${line}\n`);
const ports = (value: string | undefined, fallback: number[]) =>
  value ? value.split(',').map((p) => Number(p.trim())) : fallback;
const dir = process.env.SCALE_DIR ?? '/tmp/cdesk-scale-out';
const apiPorts = ports(process.env.API_PORTS, [3100, 3101]);
const viewSyncerPorts = ports(process.env.VS_PORTS, [4910, 4920]);
const replicationManagerPort = Number(process.env.RM_PORT ?? 4900);

let postgres: Postgres | null = null;
let topology: Topology | null = null;
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  log('\nStopping …');
  // Also what is still starting (topology is set only once everything is up).
  await stopSpawned();
  await postgres?.stop().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  if (!existsSync(path.join(ROOT, 'dist/index.html'))) {
    log('Building the web client …');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  const env = benchEnv({
    databaseUrl: process.env.DATABASE_URL ?? '',
    dataDir: dir,
    port: apiPorts[0] as number,
    zeroPort: viewSyncerPorts[0] as number,
    channel: false,
    extra: { LOG_LEVEL: 'info' },
  });
  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    await prepareDatabase(loadEnv({ ...env, DATABASE_URL: databaseUrl }), databaseUrl, log);
  } else {
    log(`Starting embedded PostgreSQL in ${dir}/pg …`);
    postgres = await startPostgres(path.join(dir, 'pg'), Number(process.env.PG_PORT ?? 5434));
    databaseUrl = await createDatabase(postgres, 'cdesk', env);
  }
  env.DATABASE_URL = databaseUrl;
  topology = await startTopology({
    databaseUrl,
    env,
    dir,
    apiPorts,
    replicationManagerPort,
    viewSyncerPorts,
    log,
  });
  log('');
  for (const api of topology.apis) log(`CDESK Chats at http://localhost:${api.port}`);
  log(`Demo sign-in: admin@demo.cdesk.local / cdesk-demo · logs in ${path.join(dir, 'logs')}`);
  log('Press Ctrl-C to stop.');
  for (const p of [
    ...topology.apis.map((a) => a.proc),
    topology.replicationManager,
    ...topology.viewSyncers.map((v) => v.proc),
  ]) {
    void p.exited.then((code) => {
      if (!stopping) {
        log(`${p.name} exited (${code}); stopping the rest.`);
        void stop(1);
      }
    });
  }
} catch (err) {
  log(`✖ ${(err as Error).stack ?? err}`);
  await stop(1);
}
