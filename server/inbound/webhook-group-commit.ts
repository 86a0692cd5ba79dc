import { isRetryableTransactionError, isTransientDatabaseError } from '../db/db-errors.ts';
import { type Pool, withTransaction } from '../db/pool.ts';
import {
  type ApplyInput,
  type ApplyOptions,
  type ApplyResult,
  applyWebhookBatch,
} from './apply-webhook-batch.ts';

export type GroupCommitOptions = {
  /** Most bodies in one transaction. */
  maxBodies?: number;
  /** Most body bytes in one transaction (a batch always takes at least one body). */
  maxBytes?: number;
  /** Told after each committed transaction (tests and the bench count batch sizes). */
  onCommit?: (bodies: number) => void;
  /** The workspace's TIME_ZONE (what day a billed message counts in). */
  timeZone?: string;
};

/**
 * Applies webhook bodies in as few transactions as the load allows (group commit). A body waits only
 * while the previous transaction is in flight; whatever arrived meanwhile goes into the next one, so
 * an idle system commits each body at once and a busy one commits many per round trip. `apply`
 * resolves only after the transaction holding the body has committed.
 */
export type WebhookGroupCommit = {
  apply(input: ApplyInput): Promise<ApplyResult>;
};

type Waiting = {
  input: ApplyInput;
  bytes: number;
  resolve: (result: ApplyResult) => void;
  reject: (err: unknown) => void;
};

const TRANSACTION_ATTEMPTS = 3;
const DEFAULT_MAX_BODIES = 256;
const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

async function applyWithRetries(
  pool: Pool,
  inputs: ApplyInput[],
  options: ApplyOptions,
): Promise<ApplyResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(pool, (client) => applyWebhookBatch(client, inputs, options), {
        lockTimeout: '5s',
      });
    } catch (err) {
      // A deadlock or serialisation failure against another process: run it again at once.
      if (!isRetryableTransactionError(err) || attempt >= TRANSACTION_ATTEMPTS) throw err;
    }
  }
}

export function createWebhookGroupCommit(pool: Pool, options: GroupCommitOptions = {}): WebhookGroupCommit {
  const maxBodies = options.maxBodies ?? DEFAULT_MAX_BODIES;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const queue: Waiting[] = [];
  let draining = false;

  const take = (): Waiting[] => {
    let bytes = 0;
    let n = 0;
    while (n < queue.length && n < maxBodies) {
      const next = queue[n];
      if (!next || (n > 0 && bytes + next.bytes > maxBytes)) break;
      bytes += next.bytes;
      n += 1;
    }
    return queue.splice(0, n);
  };

  /**
   * One transaction for the batch. If it fails for a reason of its own (a body that cannot be
   * applied, not the database being away), the halves are tried apart, down to the one body at fault:
   * the others still commit together, and only the faulty body's request gets the error.
   */
  const commit = async (batch: Waiting[]): Promise<void> => {
    try {
      const results = await applyWithRetries(
        pool,
        batch.map((w) => w.input),
        options.timeZone ? { timeZone: options.timeZone } : {},
      );
      options.onCommit?.(batch.length);
      batch.forEach((w, i) => {
        const result = results[i];
        if (result) w.resolve(result);
        else w.reject(new Error('the batch returned no result for this body'));
      });
    } catch (err) {
      if (batch.length === 1 || isTransientDatabaseError(err)) {
        for (const w of batch) w.reject(err);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await commit(batch.slice(0, half));
      await commit(batch.slice(half));
    }
  };

  const drain = async () => {
    draining = true;
    try {
      // Let the requests parsed in this turn of the event loop join the first batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (queue.length > 0) await commit(take());
    } finally {
      draining = false;
    }
  };

  return {
    apply(input) {
      return new Promise<ApplyResult>((resolve, reject) => {
        queue.push({ input, bytes: input.bodyJson.length, resolve, reject });
        if (!draining) void drain();
      });
    },
  };
}
