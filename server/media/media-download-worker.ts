import type { AppDeps } from '../http/app-context.ts';
import { GraphApiError } from '../whatsapp/graph-error.ts';
import {
  type DownloadDeps,
  downloadInboundMedia,
  type MediaJob,
  PermanentMediaError,
} from './download-inbound-media.ts';

export type MediaWorkerOptions = {
  /** Delay after failure n (1-based); the attachment is failed when there is none left. */
  retryDelaysMs?: readonly number[];
  pollMs?: number;
  concurrency?: number;
  leaseMs?: number;
  fetch?: typeof fetch;
};

export type MediaWorker = {
  start: () => void;
  stop: () => Promise<void>;
  /** Look for work now (after a webhook queued media). */
  wake: () => void;
  /** Claims and runs due jobs until none is left; for tests and maintenance. */
  drain: () => Promise<number>;
};

const DEFAULT_DELAYS = [10_000, 60_000, 5 * 60_000, 30 * 60_000];

type ClaimedRow = {
  attachment_id: string;
  channel_id: string;
  attempts: number;
  meta_media_id: string | null;
  sha256: string | null;
  mime_type: string;
  kind: string | null;
};

function describeError(err: unknown): string {
  if (err instanceof GraphApiError) return `${err.message}${err.code ? ` (code ${err.code})` : ''}`;
  return err instanceof Error ? err.message : String(err);
}

/** Retrying is pointless: a permanent Graph error (bad or expired media id) or our own limits. */
function isPermanent(err: unknown): boolean {
  if (err instanceof PermanentMediaError) return true;
  return err instanceof GraphApiError && err.classification === 'permanent';
}

/**
 * Downloads inbound media in the background. Jobs are rows in private.media_download, claimed with
 * FOR UPDATE SKIP LOCKED and a lease (several API processes share the work; a crashed one's lease
 * expires). A failure is retried with growing delays, then the attachment is marked failed with the
 * reason; the message itself was stored long before and is never lost.
 */
export function createMediaDownloadWorker(
  deps: Pick<AppDeps, 'pool' | 'secretBox' | 'env' | 'log'>,
  options: MediaWorkerOptions = {},
): MediaWorker {
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  const pollMs = options.pollMs ?? 2_000;
  const concurrency = options.concurrency ?? 2;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const downloadDeps: DownloadDeps = {
    pool: deps.pool,
    secretBox: deps.secretBox,
    env: deps.env,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = true;
  let again = false;

  async function claim(limit: number): Promise<MediaJob[]> {
    const { rows } = await deps.pool.query<ClaimedRow>(
      `WITH due AS (
         SELECT attachment_id FROM private.media_download
          WHERE next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       UPDATE private.media_download d
          SET locked_until = now() + $2 * interval '1 millisecond', attempts = d.attempts + 1
         FROM due, attachment a
        WHERE d.attachment_id = due.attachment_id AND a.id = d.attachment_id
       RETURNING d.attachment_id, d.channel_id, d.attempts, a.meta_media_id, a.sha256, a.mime_type,
                 (SELECT m.type FROM message m WHERE m.attachment_id = a.id LIMIT 1) AS kind`,
      [limit, leaseMs],
    );
    return rows.map((r) => ({
      attachmentId: r.attachment_id,
      channelId: r.channel_id,
      attempts: r.attempts,
      metaMediaId: r.meta_media_id,
      sha256: r.sha256,
      mimeType: r.mime_type,
      kind: r.kind,
    }));
  }

  async function runJob(job: MediaJob): Promise<void> {
    try {
      const done = await downloadInboundMedia(downloadDeps, job);
      await deps.pool.query(
        `WITH j AS (DELETE FROM private.media_download WHERE attachment_id = $1)
         UPDATE attachment SET state = 'ready', storage_key = $2, size_bytes = $3, sha256 = $4, mime_type = $5, error = NULL
          WHERE id = $1`,
        [job.attachmentId, done.storageKey, done.sizeBytes, done.sha256, done.mimeType],
      );
    } catch (err) {
      const reason = describeError(err).slice(0, 500);
      const delay = isPermanent(err) ? undefined : delays[job.attempts - 1];
      if (delay === undefined) {
        deps.log('warn', 'media download failed', {
          attachmentId: job.attachmentId,
          attempts: job.attempts,
          reason,
        });
        await deps.pool.query(
          `WITH j AS (DELETE FROM private.media_download WHERE attachment_id = $1)
           UPDATE attachment SET state = 'failed', error = $2 WHERE id = $1`,
          [job.attachmentId, reason],
        );
      } else {
        await deps.pool.query(
          `UPDATE private.media_download SET next_attempt_at = now() + $2 * interval '1 millisecond',
                  locked_until = NULL, last_error = $3 WHERE attachment_id = $1`,
          [job.attachmentId, delay, reason],
        );
      }
    }
  }

  async function drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const jobs = await claim(concurrency);
      if (jobs.length === 0) return total;
      await Promise.all(jobs.map(runJob));
      total += jobs.length;
    }
  }

  function tick() {
    if (running) {
      again = true;
      return;
    }
    running = drainOnce()
      .catch((err) => {
        deps.log('warn', 'media worker could not poll', { error: describeError(err) });
        return 0;
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          tick();
        }
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(tick, pollMs);
      timer.unref();
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
    wake() {
      if (!stopped) tick();
    },
    async drain() {
      await running;
      return drainOnce();
    },
  };
}
