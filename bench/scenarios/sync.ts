// Target 2: from a webhook's 200 to the row visible in operators' Zero clients, with 50 operators
// connected (Node Zero clients, each its own client group and session, holding the Chats table's query)
// and 200 messages/s flowing through the real webhook endpoint.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { createPool } from '../../server/db/pool.ts';
import { createOperators } from '../lib/operators.ts';
import { rssMiB, sampler, treeRssMiB } from '../lib/proc.ts';
import { figure, type ScenarioResult } from '../lib/report.ts';
import {
  benchEnv,
  createDatabase,
  type Postgres,
  ROOT,
  startApi,
  startZeroCache,
  stopAll,
} from '../lib/stack.ts';
import { sleep, summarize } from '../lib/stats.ts';
import { customerWaId, inboundText, messagesBody, postWebhook } from '../lib/webhooks.ts';

export type SyncOptions = {
  postgres: Postgres;
  dir: string;
  apiPort: number;
  zeroPort: number;
  seconds: number;
  clients: number;
  rate: number;
  /** Child processes the clients are spread over (they share the 2 cores with everything else). */
  processes?: number;
};

const wallNow = () => performance.timeOrigin + performance.now();

type Child = { proc: ChildProcess; next: (type: string) => Promise<Record<string, unknown>> };

function startChild(): Child {
  const proc = fork(path.join(ROOT, 'bench/lib/sync-clients-child.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, (m: Record<string, unknown>) => void>();
  proc.on('message', (m: Record<string, unknown>) => {
    const resolve = waiting.get(String(m.type));
    waiting.delete(String(m.type));
    resolve?.(m);
  });
  return {
    proc,
    next: (type) => new Promise((resolve) => waiting.set(type, resolve)),
  };
}

export async function syncScenario(o: SyncOptions): Promise<ScenarioResult> {
  const logDir = `${o.dir}/logs`;
  const env = benchEnv({ databaseUrl: '', dataDir: `${o.dir}/sync`, port: o.apiPort, zeroPort: o.zeroPort });
  const url = await createDatabase(o.postgres, 'bench_sync', env);
  env.DATABASE_URL = url;
  const pool = createPool(url, 4);
  const zero = await startZeroCache('sync-zero-cache', {
    databaseUrl: url,
    port: o.zeroPort,
    apiPort: o.apiPort,
    replicaFile: `${o.dir}/sync/replica.db`,
    logDir,
  });
  const api = await startApi('sync-api', env, logDir);
  const children: Child[] = [];
  try {
    const operators = await createOperators(pool, o.clients);
    const processes = Math.max(1, o.processes ?? 2);
    const prefix = `Sync${Date.now().toString(36)}`;
    const per = Math.ceil(operators.length / processes);
    for (let p = 0; p < processes; p++) {
      const child = startChild();
      children.push(child);
      const ready = child.next('ready');
      child.proc.send({
        type: 'init',
        cacheURL: `http://127.0.0.1:${o.zeroPort}`,
        operators: operators.slice(p * per, (p + 1) * per),
        prefix,
        offset: p * per,
      });
      await ready;
    }
    await sleep(2000);

    // Open-loop load: message `seq` is due at t0 + seq/rate, whatever the previous answers took.
    // Each message's Meta timestamp is one second after the previous one's, so every new message's
    // conversation tops the table, where an operator sees it.
    const baseUrl = `http://127.0.0.1:${o.apiPort}`;
    const baseSeconds = Math.floor(Date.now() / 1000);
    const total = o.rate * o.seconds;
    const acks = new Map<number, number>();
    const statuses: number[] = [];
    const inFlight: Promise<void>[] = [];
    const rss = sampler(() => rssMiB(api.pid));
    const zeroRss = sampler(() => treeRssMiB(zero.pid));
    const t0 = performance.now();
    for (let seq = 1; seq <= total; seq++) {
      const due = t0 + (seq * 1000) / o.rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const body = messagesBody([
        inboundText(
          `wamid.${prefix}.${seq}`,
          customerWaId(seq % 1000),
          `${prefix} ${seq}`,
          baseSeconds + seq,
        ),
      ]);
      inFlight.push(
        postWebhook(baseUrl, body).then((status) => {
          statuses.push(status);
          if (status === 200) acks.set(seq, wallNow());
        }),
      );
    }
    await Promise.all(inFlight);
    const achievedRate = (total * 1000) / (performance.now() - t0);
    await sleep(5000);
    const apiRss = rss.stop();
    const zeroCacheRss = zeroRss.stop();

    const latencies: number[] = [];
    let observed = 0;
    for (const child of children) {
      const report = child.next('seen');
      child.proc.send({ type: 'report' });
      const { entries } = (await report) as { entries: [number, number, number][] };
      for (const [, seq, seenAt] of entries) {
        const ack = acks.get(seq);
        if (ack === undefined) continue;
        observed += 1;
        // A client can see a row a hair before the 200 reaches the load generator (the commit is
        // replicated while the response is on its way): that counts as 0.
        latencies.push(Math.max(0, seenAt - ack));
      }
    }
    const expected = acks.size * o.clients;
    const s = summarize(latencies);
    return {
      name: 'sync',
      figures: [
        figure('sync_p50', `Webhook 200 → row in ${o.clients} operators' clients, p50`, s.p50, 'ms', {
          op: '<=',
          value: 50,
        }),
        figure('sync_p99', '… p99', s.p99, 'ms', { op: '<=', value: 250 }),
        figure('sync_rate', '… while webhooks flowed at', achievedRate, 'msg/s', {
          op: '>=',
          value: o.rate * 0.97,
          label: `${o.rate} msg/s`,
        }),
        figure(
          'sync_observed',
          '… (message, client) pairs observed',
          (100 * observed) / Math.max(1, expected),
          '%',
          { op: '>=', value: 99 },
        ),
        figure('zero_rss_sync', `zero-cache RSS with ${o.clients} clients, peak`, zeroCacheRss.peak, 'MiB'),
      ],
      details: {
        latencyMs: s,
        acked: acks.size,
        non200: statuses.filter((x) => x !== 200).length,
        expectedPairs: expected,
        observedPairs: observed,
        achievedRate,
        apiRssMiB: { peak: apiRss.peak },
        zeroCacheRssMiB: { peak: zeroCacheRss.peak },
      },
    };
  } finally {
    for (const c of children) {
      c.proc.send({ type: 'close' });
    }
    await Promise.all(
      children.map((c) => new Promise((r) => (c.proc.exitCode !== null ? r(null) : c.proc.once('exit', r)))),
    );
    await pool.end();
    await stopAll([zero, api]);
  }
}
