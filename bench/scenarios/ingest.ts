// Target 1: webhook ingestion through the real HTTP endpoint (server/main.ts, signed bodies, unique
// wamids), one message per POST and 100 per POST, a fixed 500 msg/s for the ack latency, and the raw
// single-row insert limit of the same Postgres measured in the same run. Targets are ratios to that
// limit (issue 11): one-message webhooks ≥ 0.3 ×, 100-message bodies ≥ 1.0 ×.
import autocannon, { type Result } from 'autocannon';
import { createPool } from '../../server/db/pool.ts';
import { cpuMeter, pidsNamed, processTree, rssMiB, sampler, treeRssMiB } from '../../tests/support/proc.ts';
import {
  benchEnv,
  createDatabase,
  type Postgres,
  startApi,
  startZeroCache,
  stopAll,
} from '../../tests/support/stack.ts';
import { inboundBatch, sign } from '../../tests/support/webhooks.ts';
import { figure, type ScenarioResult } from '../lib/report.ts';
import { postgresInsertBaseline } from '../postgres-baseline.ts';

export type IngestOptions = {
  postgres: Postgres;
  dir: string;
  apiPort: number;
  zeroPort: number;
  /** Seconds per measured phase. */
  seconds: number;
};

type Phase = {
  msgPerSec: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
};

let runCounter = 0;
const FIXED_RATE = 500;

type StatementCost = { query: string; calls: number; rows: number; msPerMessage: number; meanMs: number };

/** Postgres execution time by statement since the last reset (pg_stat_statements), per message. */
async function statementCosts(
  pool: ReturnType<typeof createPool>,
  messages: number,
): Promise<{ totalMsPerMessage: number; top: StatementCost[] }> {
  const { rows } = await pool.query<{ query: string; calls: number; rows: number; total: number }>(
    `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls::int, rows::int, total_exec_time AS total
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_exec_time DESC`,
  );
  const per = (ms: number) => ms / Math.max(1, messages);
  return {
    totalMsPerMessage: per(rows.reduce((a, r) => a + r.total, 0)),
    top: rows.slice(0, 10).map((r) => ({
      query: r.query.slice(0, 160),
      calls: r.calls,
      rows: r.rows,
      msPerMessage: per(r.total),
      meanMs: r.total / Math.max(1, r.calls),
    })),
  };
}

/** Indexes of the tables a webhook writes, with how often they were scanned during the run. */
async function hotIndexUsage(pool: ReturnType<typeof createPool>) {
  const { rows } = await pool.query<{ table: string; index: string; scans: number }>(
    `SELECT relname AS table, indexrelname AS index, idx_scan::int AS scans FROM pg_stat_user_indexes
      WHERE relname IN ('conversation', 'message', 'contact', 'webhook_event', 'channel_stats')
      ORDER BY relname, indexrelname`,
  );
  return rows;
}

/** Updates of the hot tables, and how many of them were HOT (no index entry written). */
async function hotUpdates(pool: ReturnType<typeof createPool>) {
  const { rows } = await pool.query<{ table: string; updates: number; hot: number }>(
    `SELECT relname AS table, n_tup_upd::int AS updates, n_tup_hot_upd::int AS hot FROM pg_stat_user_tables
      WHERE schemaname = 'public' AND relname IN ('conversation', 'message', 'contact', 'channel_stats')
      ORDER BY relname`,
  );
  return rows;
}

/**
 * How many webhook bodies shared a transaction since `since`: every body gets its own webhook_event
 * row, and rows written by one transaction share its xmin.
 */
async function bodiesPerTransaction(pool: ReturnType<typeof createPool>, since: Date): Promise<number> {
  const { rows } = await pool.query<{ bodies: number; transactions: number }>(
    `SELECT count(*)::int AS bodies, count(DISTINCT xmin::text)::int AS transactions
       FROM private.webhook_event WHERE received_at >= $1`,
    [since],
  );
  const r = rows[0];
  return r && r.transactions > 0 ? r.bodies / r.transactions : 0;
}

async function load(
  baseUrl: string,
  opts: { perPost: number; connections: number; seconds: number; rate?: number; customers: number },
): Promise<Phase & { raw: Result }> {
  const run = `r${Date.now().toString(36)}${++runCounter}`;
  let seq = 0;
  const raw = await autocannon({
    url: `${baseUrl}/webhooks/whatsapp`,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 30,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const signed = sign(inboundBatch(run, ++seq, opts.perPost, opts.customers, 'Load'));
          return { ...req, method: 'POST', headers: signed.headers, body: signed.body };
        },
      },
    ],
  });
  const ok = raw['2xx'];
  return {
    raw,
    msgPerSec: (ok * opts.perPost) / raw.duration,
    reqPerSec: ok / raw.duration,
    p50: raw.latency.p50,
    p99: raw.latency.p99,
    non2xx: raw.non2xx,
    errors: raw.errors,
  };
}

export async function ingestScenario(o: IngestOptions): Promise<ScenarioResult> {
  const logDir = `${o.dir}/logs`;
  const env = benchEnv({
    databaseUrl: '',
    dataDir: `${o.dir}/ingest`,
    port: o.apiPort,
    zeroPort: o.zeroPort,
  });
  const url = await createDatabase(o.postgres, 'bench_ingest', env);
  env.DATABASE_URL = url;
  const pool = createPool(url, 25);
  await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const baseUrl = `http://127.0.0.1:${o.apiPort}`;
  const zero = await startZeroCache('ingest-zero-cache', {
    databaseUrl: url,
    port: o.zeroPort,
    apiPort: o.apiPort,
    replicaFile: `${o.dir}/ingest/replica.db`,
    logDir,
  });
  const api = await startApi('ingest-api', env, logDir);
  try {
    // Warm-up: JIT, pool connections, the first customers' conversations.
    await load(baseUrl, { perPost: 1, connections: 10, seconds: 3, customers: 10_000 });

    // The raw limit, same Postgres, same moment: single-row autocommit INSERTs from as many connections
    // as the API's pool has (20).
    const baselineRowsPerSec = await postgresInsertBaseline(pool, o.seconds, 20);

    const rss = sampler(() => rssMiB(api.pid));
    const zeroRss = sampler(() => treeRssMiB(zero.pid));
    const maxSingle = { perPost: 1, connections: 32, seconds: o.seconds, customers: 10_000 };
    // Where the CPU goes during the max-throughput phase (2 cores shared by everything here).
    const meters = {
      api: cpuMeter(() => processTree(api.pid)),
      postgres: cpuMeter(() => pidsNamed('postgres')),
      zeroCache: cpuMeter(() => processTree(zero.pid)),
    };
    await pool.query('SELECT pg_stat_statements_reset()');
    const loadCpu0 = process.cpuUsage();
    const singleStart = new Date();
    const single = await load(baseUrl, maxSingle);
    const loadCpu = process.cpuUsage(loadCpu0);
    const singleBatch = await bodiesPerTransaction(pool, singleStart);
    const statements = await statementCosts(pool, single.msgPerSec * o.seconds);
    const handled = single.msgPerSec * o.seconds;
    const msPerMessage = (cpuSeconds: number) => (1000 * cpuSeconds) / Math.max(1, handled);
    const cpu = {
      api: msPerMessage(meters.api.stop()),
      postgres: msPerMessage(meters.postgres.stop()),
      zeroCache: msPerMessage(meters.zeroCache.stop()),
      loadGenerator: msPerMessage((loadCpu.user + loadCpu.system) / 1e6),
    };
    const fixedStart = new Date();
    const fixed = await load(baseUrl, {
      perPost: 1,
      connections: 50,
      seconds: o.seconds,
      rate: FIXED_RATE,
      customers: 10_000,
    });
    const fixedBatch = await bodiesPerTransaction(pool, fixedStart);
    const batched = await load(baseUrl, {
      perPost: 100,
      connections: 8,
      seconds: o.seconds,
      customers: 10_000,
    });
    const apiRss = rss.stop();
    const zeroCacheRss = zeroRss.stop();

    // The same max phase with zero-cache stopped: what the API and Postgres do on these two cores when
    // zero-cache runs elsewhere, as in the production topology (its replication slot keeps the WAL).
    await stopAll([zero]);
    const aloneMeters = {
      api: cpuMeter(() => processTree(api.pid)),
      postgres: cpuMeter(() => pidsNamed('postgres')),
    };
    const alone = await load(baseUrl, maxSingle);
    const aloneHandled = Math.max(1, alone.msgPerSec * o.seconds);
    const aloneCpu = {
      api: (1000 * aloneMeters.api.stop()) / aloneHandled,
      postgres: (1000 * aloneMeters.postgres.stop()) / aloneHandled,
    };

    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM message WHERE direction = 'in'`,
    );
    const strip = ({ raw: _raw, ...p }: Phase & { raw: Result }) => p;
    return {
      name: 'ingest',
      figures: [
        figure(
          'pg_baseline',
          'Postgres raw limit (single-row INSERT, 20 connections)',
          baselineRowsPerSec,
          'rows/s',
        ),
        figure('ingest_single', 'Webhooks, 1 message per POST, max', single.msgPerSec, 'msg/s'),
        figure(
          'ingest_single_ratio',
          '… as a share of the Postgres raw limit',
          (100 * single.msgPerSec) / baselineRowsPerSec,
          '%',
          { op: '>=', value: 30 },
        ),
        figure('ingest_single_batch', '… bodies per transaction (group commit), mean', singleBatch, 'bodies'),
        figure('ingest_fixed_p99', `Ack p99 at a fixed ${FIXED_RATE} msg/s`, fixed.p99, 'ms', {
          op: '<=',
          value: 99.9,
          label: '< 100 ms',
        }),
        figure('ingest_fixed_p50', '… ack p50', fixed.p50, 'ms', { op: '<=', value: 250 }),
        figure('ingest_fixed_rate', '… rate achieved', fixed.msgPerSec, 'msg/s', {
          op: '>=',
          value: FIXED_RATE * 0.99,
        }),
        figure('ingest_fixed_batch', '… bodies per transaction, mean', fixedBatch, 'bodies'),
        figure('ingest_batched', 'Webhooks, 100 messages per POST, max', batched.msgPerSec, 'msg/s'),
        figure(
          'ingest_batched_ratio',
          '… as a share of the Postgres raw limit',
          (100 * batched.msgPerSec) / baselineRowsPerSec,
          '%',
          { op: '>=', value: 100 },
        ),
        figure('ingest_cpu_api', '… CPU per message: API process', cpu.api, 'ms'),
        figure('ingest_cpu_postgres', '… CPU per message: Postgres', cpu.postgres, 'ms'),
        figure('ingest_cpu_zero', '… CPU per message: zero-cache replicating it', cpu.zeroCache, 'ms'),
        figure(
          'ingest_pg_statement_ms',
          '… Postgres statement time per message (pg_stat_statements; statements in bench/results)',
          statements.totalMsPerMessage,
          'ms',
        ),
        figure(
          'ingest_cpu_loadgen',
          '… CPU per message: the load generator (signing)',
          cpu.loadGenerator,
          'ms',
        ),
        figure(
          'ingest_single_alone',
          'Webhooks, 1 message per POST, max, zero-cache stopped (it has its own hosts in production)',
          alone.msgPerSec,
          'msg/s',
        ),
        figure('ingest_alone_cpu_api', '… CPU per message: API process', aloneCpu.api, 'ms'),
        figure('ingest_alone_cpu_postgres', '… CPU per message: Postgres', aloneCpu.postgres, 'ms'),
        figure('api_rss_peak', 'API RSS, peak under ingestion load', apiRss.peak, 'MiB'),
      ],
      details: {
        baselineRowsPerSec,
        single: strip(single),
        singleWithoutZeroCache: strip(alone),
        cpuMsPerMessage: cpu,
        cpuMsPerMessageWithoutZeroCache: aloneCpu,
        fixed: strip(fixed),
        batched: strip(batched),
        apiRssMiB: { peak: apiRss.peak, last: apiRss.last },
        zeroCacheRssMiB: { peak: zeroCacheRss.peak, last: zeroCacheRss.last },
        inboundMessagesStored: rows[0]?.n,
        statementsDuringMaxPhase: statements,
        hotIndexScans: await hotIndexUsage(pool),
        hotTableUpdates: await hotUpdates(pool),
      },
    };
  } finally {
    await pool.end();
    await stopAll([zero, api]);
  }
}
