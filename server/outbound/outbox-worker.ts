import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { Logger, type Runner, run, type TaskList, type WorkerEvents } from 'graphile-worker';
import { createPool, type Pool, withTransaction } from '../db/pool.ts';
import { DELETE_ORPHAN_UPLOADS_TASK, deleteOrphanUploads } from '../files/delete-orphan-uploads.ts';
import type { AppDeps } from '../http/app-context.ts';
import { runThreadControlJob } from '../thread-control/send-thread-control-job.ts';
import {
  enqueueSendMessage,
  enqueueTemplateSync,
  SEND_MESSAGE_TASK,
  SEND_REACTION_TASK,
  SEND_READ_RECEIPT_TASK,
  SEND_TYPING_TASK,
  SYNC_TEMPLATES_TASK,
  THREAD_CONTROL_TASK,
  type ThreadControlJob,
} from './outbox-jobs.ts';
import type { OutboxRuntime, OutboxSettings } from './outbox-runtime.ts';
import { failAfterCrashes, runSendMessageJob } from './send-outbox-job.ts';
import {
  type ReactionJobPayload,
  type ReadReceiptJobPayload,
  runSendReactionJob,
  runSendReadReceiptJob,
} from './send-reaction-job.ts';
import { runSendTypingJob, type TypingJobPayload } from './send-typing-job.ts';
import { syncTemplates } from './sync-templates.ts';

export type OutboxWorkerOptions = Partial<OutboxSettings> & {
  /**
   * Jobs run at once by this process. A send spends most of its time waiting for Meta, so this bounds
   * the messages in flight: to reach the per-number rate it must be at least rate × Graph latency
   * (80/s × 0.25 s = 20). Jobs hold a Postgres connection only while they read or write.
   */
  concurrency?: number;
  /** How often idle workers look for jobs whose time has come (new jobs arrive at once via LISTEN). */
  pollIntervalMs?: number;
  heartbeatMs?: number;
  /** A process silent this long is presumed dead and the jobs it had locked are released. */
  staleWorkerMs?: number;
  /** graphile-worker crontab line(s); '' for none. */
  crontab?: string;
  /** Sync templates when the worker starts. */
  syncTemplatesOnStart?: boolean;
};

export const DEFAULT_OUTBOX_SETTINGS: OutboxSettings = {
  graphTimeoutMs: 20_000,
  uncertainWaitMs: 30_000,
  confirmationPollMs: 2_000,
  maxAttempts: 10,
  maxPairLimitedAttempts: 20,
  channelRecheckMs: 10 * 60_000,
  sendRatePerSecond: null,
  random: Math.random,
};

const DEFAULT_CONCURRENCY = 24;

const DEFAULT_CRONTAB = [
  `*/15 * * * * ${SYNC_TEMPLATES_TASK} ?jobKey=${SYNC_TEMPLATES_TASK}&max=3`,
  // This process's graphile-worker is the one scheduler: other capabilities' periodic jobs run here too.
  `17 * * * * ${DELETE_ORPHAN_UPLOADS_TASK} ?jobKey=${DELETE_ORPHAN_UPLOADS_TASK}&max=3`,
].join('\n');

export type OutboxWorker = { id: string; stop: () => Promise<void> };

/**
 * The outbox, run inside the API process: graphile-worker jobs (added by the mutators in their own
 * transactions) executed with Postgres row locking, so several API processes on several machines share
 * the work and no job runs twice at once. Each process heartbeats in private.outbox_worker; one that
 * stops heartbeating (killed, machine gone) has its locked jobs released by the survivors.
 */
export async function startOutboxWorker(
  deps: Pick<AppDeps, 'env' | 'secretBox' | 'log' | 'pool'>,
  options: OutboxWorkerOptions = {},
): Promise<OutboxWorker> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const staleWorkerMs = options.staleWorkerMs ?? 60_000;
  const settings: OutboxSettings = {
    ...DEFAULT_OUTBOX_SETTINGS,
    sendRatePerSecond: deps.env.WHATSAPP_SEND_RATE ?? null,
    ...stripUndefined(options),
  };
  // Its own pool: jobs must never starve the API's HTTP handlers of connections (and vice versa). Jobs
  // mostly wait for Meta, so fewer connections than jobs suffice.
  const pool = deps.env.DATABASE_URL
    ? createPool(deps.env.DATABASE_URL, Math.min(concurrency, 16) + 4)
    : deps.pool;
  const ownPool = pool !== deps.pool;
  if (ownPool) {
    // A connection dropping (Postgres restart) must not crash the process; graphile-worker reconnects.
    pool.on('connect', (client) => {
      client.on('error', (err) =>
        deps.log('warn', 'outbox: database connection error', { error: err.message }),
      );
    });
  }
  const rt: OutboxRuntime = { pool, deps, settings };
  const id = `outbox-${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const graphileIds = new Set<string>();
  // Once stopping, a job that finishes its message leaves the conversation's next one to its own job.
  let stopping = false;

  await pool.query(`INSERT INTO private.outbox_worker (id, hostname, pid) VALUES ($1, $2, $3)`, [
    id,
    hostname(),
    process.pid,
  ]);
  const heartbeat = async () => {
    await pool.query(
      `UPDATE private.outbox_worker SET heartbeat_at = now(), graphile_worker_ids = $2 WHERE id = $1`,
      [id, [...graphileIds]],
    );
  };
  const events: WorkerEvents = new EventEmitter();
  const remember = (workerId: string) => {
    graphileIds.add(workerId);
    // Record it before this worker's first job can be locked under it, as far as timing allows.
    heartbeat().catch((err: Error) => deps.log('warn', 'outbox: heartbeat failed', { error: err.message }));
  };
  events.on('pool:create', ({ workerPool }) => remember(workerPool.id));
  events.on('worker:create', ({ worker }) => remember(worker.workerId));

  const taskList: TaskList = {
    [SEND_MESSAGE_TASK]: async (payload, helpers) => {
      const { messageId } = payload as { messageId: string };
      try {
        await runSendMessageJob(rt, messageId, () => stopping);
      } catch (err) {
        // Unexpected (database down…): graphile-worker retries with backoff; on its last attempt the
        // message is failed with the reason rather than left pending forever.
        if (helpers.job.attempts >= helpers.job.max_attempts) {
          await failAfterCrashes(pool, messageId, (err as Error).message).catch(() => {});
        }
        throw err;
      }
    },
    [SEND_REACTION_TASK]: (payload) => runSendReactionJob(rt, payload as ReactionJobPayload),
    [SEND_READ_RECEIPT_TASK]: (payload) => runSendReadReceiptJob(rt, payload as ReadReceiptJobPayload),
    [SEND_TYPING_TASK]: async (payload) => {
      await runSendTypingJob(rt, payload as TypingJobPayload);
    },
    [THREAD_CONTROL_TASK]: async (payload, helpers) => {
      await runThreadControlJob(rt, payload as ThreadControlJob, {
        n: helpers.job.attempts,
        max: helpers.job.max_attempts,
      });
    },
    [SYNC_TEMPLATES_TASK]: async () => {
      await syncTemplates(rt);
    },
    [DELETE_ORPHAN_UPLOADS_TASK]: async () => {
      const n = await deleteOrphanUploads(pool, deps.env.fileStoreDir, deps.env.UPLOAD_ORPHAN_HOURS);
      if (n > 0) deps.log('info', 'deleted uploads no message or request took up', { count: n });
    },
  };

  const runner: Runner = await run({
    pgPool: pool,
    concurrency,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 1_000,
    taskList,
    crontab: options.crontab ?? DEFAULT_CRONTAB,
    events,
    logger: graphileLogger(deps.log),
  });

  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    tick(rt, id, graphileIds, staleWorkerMs)
      .catch((err: Error) => deps.log('warn', 'outbox: housekeeping failed', { error: err.message }))
      .finally(() => {
        ticking = false;
      });
  }, heartbeatMs);
  timer.unref();
  if (options.syncTemplatesOnStart ?? true) {
    await enqueueTemplateSync(pool).catch((err: Error) =>
      deps.log('warn', 'outbox: could not queue the template sync', { error: err.message }),
    );
  }
  deps.log('info', 'outbox worker started', { id, concurrency });

  return {
    id,
    stop: async () => {
      stopping = true;
      clearInterval(timer);
      await runner.stop().catch((err: Error) => deps.log('warn', 'outbox: stop', { error: err.message }));
      await pool.query('DELETE FROM private.outbox_worker WHERE id = $1', [id]).catch(() => {});
      if (ownPool) await pool.end().catch(() => {});
    },
  };
}

/**
 * Every heartbeat: prove this process alive, release the jobs of processes that are not (their
 * graphile-worker locks would otherwise hold for 4 hours), and wake messages whose channel works again.
 */
async function tick(rt: OutboxRuntime, id: string, graphileIds: Set<string>, staleWorkerMs: number) {
  const { pool } = rt;
  await pool.query(
    `INSERT INTO private.outbox_worker (id, graphile_worker_ids, hostname, pid) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), graphile_worker_ids = EXCLUDED.graphile_worker_ids`,
    [id, [...graphileIds], hostname(), process.pid],
  );
  await withTransaction(pool, async (db) => {
    const { rows } = await db.query<{ id: string; ids: string[] }>(
      `DELETE FROM private.outbox_worker
        WHERE heartbeat_at < now() - make_interval(secs => $1::float8 / 1000) AND id <> $2
        RETURNING id, graphile_worker_ids AS ids`,
      [staleWorkerMs, id],
    );
    const dead = rows.flatMap((r) => r.ids);
    if (dead.length > 0) {
      await db.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [dead]);
      rt.deps.log('warn', 'outbox: released the jobs of a dead worker process', {
        processes: rows.map((r) => r.id),
      });
    }
  });
  await wakeResumedChannels(pool);
}

/** Messages that waited for a broken channel go out as soon as it is no longer paused. */
async function wakeResumedChannels(pool: Pool) {
  await withTransaction(pool, async (db) => {
    const { rows } = await db.query<{ message_id: string; conversation_id: string }>(
      `UPDATE private.outbound_message o SET wait_reason = NULL, next_attempt_at = now()
         FROM channel ch
        WHERE ch.id = o.channel_id AND NOT ch.sends_paused AND o.done_at IS NULL AND o.wait_reason = 'channel'
        RETURNING o.message_id, o.conversation_id`,
    );
    for (const r of rows) await enqueueSendMessage(db, r.message_id);
  });
}

function graphileLogger(log: AppDeps['log']): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const mapped =
      level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' ? 'info' : 'debug';
    log(mapped, `graphile-worker: ${message}`, { ...scope, ...(meta ?? {}) } as Record<string, unknown>);
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
