// What a multi-machine deployment runs, on one machine: N API processes (webhooks, Zero query/mutate and
// outbox workers in each), one zero-cache replication-manager (the only holder of the replication slot)
// and M view-syncers fed by its change-streamer, all on one Postgres.
//
// In production a view-syncer restores its SQLite replica from the replication-manager's litestream
// backup (ZERO_LITESTREAM_BACKUP_URL, e.g. S3). litestream is not installed here, so a view-syncer's
// replica is seeded with a consistent copy of the replication-manager's (SQLite VACUUM INTO), which is what
// the restore produces; from there the view-syncer catches up over the change-streamer, as in production.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from '@rocicorp/zero-sqlite3';
import { httpGet, type Proc, startApi, startZeroCache } from '../../tests/support/stack.ts';
import { waitUntil } from '../../tests/support/stats.ts';

export type Topology = {
  apis: { proc: Proc; port: number; url: string }[];
  replicationManager: Proc;
  viewSyncers: { proc: Proc; port: number; url: string }[];
  stop: () => Promise<void>;
};

export async function startTopology(o: {
  databaseUrl: string;
  env: Record<string, string>;
  dir: string;
  apiPorts: number[];
  replicationManagerPort: number;
  viewSyncerPorts: number[];
  log?: (line: string) => void;
  /** Receives every process as soon as it is spawned, so a caller can stop them during start-up too. */
  started?: Proc[];
}): Promise<Topology> {
  const log = o.log ?? (() => {});
  const logDir = path.join(o.dir, 'logs');
  const started: Proc[] = o.started ?? [];
  const stop = async () => {
    for (const p of [...started].reverse()) await p.kill().catch(() => {});
  };
  try {
    const apis = [];
    for (const [i, port] of o.apiPorts.entries()) {
      // Each API's /healthz looks at "its" view-syncer; any one answers for the product.
      const zeroPort = o.viewSyncerPorts[i % o.viewSyncerPorts.length] as number;
      const proc = await startApi(
        `api-${i + 1}`,
        { ...o.env, PORT: String(port), ZERO_PORT: String(zeroPort) },
        logDir,
      );
      started.push(proc);
      apis.push({ proc, port, url: `http://127.0.0.1:${port}` });
      log(`api-${i + 1} (pid ${proc.pid}) on :${port}`);
    }
    const rmReplica = path.join(o.dir, 'replication-manager/replica.db');
    const replicationManager = await startZeroCache('replication-manager', {
      databaseUrl: o.databaseUrl,
      port: o.replicationManagerPort,
      apiPort: o.apiPorts[0] as number,
      replicaFile: rmReplica,
      role: 'replication-manager',
      logDir,
    });
    started.push(replicationManager);
    // Its HTTP port answers before the initial replication is done: wait for the change-streamer's port
    // and for the replica to record the version it was synced at.
    await waitUntil(
      async () => {
        if (!(await httpGet(`http://127.0.0.1:${o.replicationManagerPort + 1}/`))) return false;
        try {
          const db = new Database(rmReplica, { readonly: true, fileMustExist: true });
          try {
            const row = db.prepare('SELECT count(*) AS n FROM "_zero.replicationConfig"').get() as {
              n: number;
            };
            return row.n > 0;
          } finally {
            db.close();
          }
        } catch {
          return false;
        }
      },
      600_000,
      'the replication-manager’s initial replication',
      500,
    );
    log(
      `replication-manager (pid ${replicationManager.pid}) on :${o.replicationManagerPort}, change-streamer :${o.replicationManagerPort + 1}`,
    );
    const viewSyncers = [];
    for (const [i, port] of o.viewSyncerPorts.entries()) {
      const replica = path.join(o.dir, `view-syncer-${i + 1}/replica.db`);
      mkdirSync(path.dirname(replica), { recursive: true });
      for (const suffix of ['', '-wal', '-wal2', '-shm']) rmSync(`${replica}${suffix}`, { force: true });
      const source = new Database(rmReplica, { readonly: true });
      source.prepare('VACUUM INTO ?').run(replica);
      source.close();
      // Each view-syncer asks one API for query transforms and pushes (in production: the API's LB).
      const apiPort = o.apiPorts[i % o.apiPorts.length] as number;
      const proc = await startZeroCache(`view-syncer-${i + 1}`, {
        databaseUrl: o.databaseUrl,
        port,
        apiPort,
        replicaFile: replica,
        role: 'view-syncer',
        changeStreamerUri: `ws://127.0.0.1:${o.replicationManagerPort + 1}/`,
        keepReplica: true,
        logDir,
      });
      started.push(proc);
      viewSyncers.push({ proc, port, url: `http://127.0.0.1:${port}` });
      log(`view-syncer-${i + 1} (pid ${proc.pid}) on :${port} → api :${apiPort}`);
    }
    return { apis, replicationManager, viewSyncers, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
