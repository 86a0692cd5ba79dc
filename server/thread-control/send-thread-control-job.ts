import { loadChannelConfig } from '../channels/channel-config.ts';
import { withTransaction } from '../db/pool.ts';
import { recordConversationEvents } from '../lifecycle/record-conversation-events.ts';
import { graphClientFor } from '../outbound/graph-client-for.ts';
import { markChannelBroken } from '../outbound/mark-channel-broken.ts';
import type { ThreadControlJob } from '../outbound/outbox-jobs.ts';
import type { OutboxRuntime } from '../outbound/outbox-runtime.ts';
import { GraphApiError } from '../whatsapp/graph-error.ts';

/** graphile-worker retries a transient failure (throws) up to this many runs, then it counts as refused. */
export const THREAD_CONTROL_ATTEMPTS = 5;

/**
 * Tells Meta about an operator's take-over ("take") or hand-back ("release"). If Meta refuses (this app
 * is not the business's escalation partner, the thread is not ours to release, the channel is broken…)
 * or never answers after the retries, the conversation gets its previous owner back, unless something
 * changed it since, and the thread an event with Meta's reason, so the operator sees the command failed.
 */
export async function runThreadControlJob(
  rt: OutboxRuntime,
  job: ThreadControlJob,
  attempt: { n: number; max: number } = { n: 1, max: 1 },
): Promise<'done' | 'refused' | 'skipped'> {
  const { rows } = await rt.pool.query<{ channel_id: string; address: string }>(
    `SELECT c.channel_id, CASE WHEN ct.phone <> '' THEN substr(ct.phone, 2) ELSE ct.wa_id END AS address
       FROM conversation c JOIN contact ct ON ct.id = c.contact_id WHERE c.id = $1`,
    [job.conversationId],
  );
  const row = rows[0];
  if (!row) return 'skipped';
  const channel = await loadChannelConfig(rt.pool, rt.deps.secretBox, rt.deps.env, { id: row.channel_id });
  if (!channel) return 'skipped';
  try {
    await graphClientFor(rt, channel).threadControl(row.address, job.action);
    return 'done';
  } catch (err) {
    if (!(err instanceof GraphApiError)) throw err;
    const transient = err.classification !== 'permanent' && err.classification !== 'channel_broken';
    if (transient && attempt.n < Math.min(attempt.max, THREAD_CONTROL_ATTEMPTS)) throw err;
    await withTransaction(rt.pool, async (db) => {
      if (err.classification === 'channel_broken') await markChannelBroken(db, row.channel_id, err);
      await revert(db, job, err);
    });
    rt.deps.log('warn', 'outbox: Meta refused a thread control change', {
      conversationId: job.conversationId,
      action: job.action,
      code: err.code,
      error: err.message,
    });
    return 'refused';
  }
}

async function revert(
  db: Parameters<typeof recordConversationEvents>[0],
  job: ThreadControlJob,
  err: GraphApiError,
) {
  await db.query(
    `UPDATE conversation SET thread_control = $2, thread_control_at = now(), updated_at = now()
      WHERE id = $1 AND thread_control_at = $3`,
    [job.conversationId, job.previous, new Date(job.at)],
  );
  const reason = err.userMessage ?? err.details ?? err.title ?? err.message;
  await recordConversationEvents(db, [
    {
      conversationId: job.conversationId,
      kind: 'control_failed',
      actorId: null,
      actorName: null,
      detail: `${job.action}: ${err.code ? `(${err.code}) ` : ''}${reason}`.slice(0, 500),
      at: Date.now(),
    },
  ]);
}
