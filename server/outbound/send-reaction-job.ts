import { loadChannelConfig } from '../channels/channel-config.ts';
import { withTransaction } from '../db/pool.ts';
import { GraphApiError } from '../whatsapp/graph-error.ts';
import { retryDelayMs } from '../whatsapp/retry-delay.ts';
import { graphClientFor } from './graph-client-for.ts';
import { markChannelBroken } from './mark-channel-broken.ts';
import { enqueueReadReceipt, enqueueSendReaction } from './outbox-jobs.ts';
import type { OutboxRuntime } from './outbox-runtime.ts';

// Reactions and read receipts: sending one twice changes nothing for the customer, so they need none of
// the in-flight bookkeeping of messages: a few retries for transient failures, then they are dropped
// (logged). A broken channel is marked broken just the same.

const MAX_ATTEMPTS = 5;
// Reacting to our own reply that is still in the outbox: look again shortly.
const TARGET_PENDING_DELAY_MS = 2000;

export type ReactionJobPayload = { messageId: string; actor: string; attempt?: number };
export type ReadReceiptJobPayload = { conversationId: string; wamid: string; attempt?: number };

/** Sends the operator's current reaction on a message (or its removal, emoji ''). */
export async function runSendReactionJob(rt: OutboxRuntime, payload: ReactionJobPayload): Promise<void> {
  const { rows } = await rt.pool.query<{
    wamid: string | null;
    status: string;
    conversation_id: string;
    channel_id: string;
    sends_paused: boolean;
    wa_id: string;
    emoji: string | null;
  }>(
    `SELECT m.wamid, m.status, m.conversation_id, c.channel_id, ch.sends_paused, CASE WHEN ct.phone <> '' THEN substr(ct.phone, 2) ELSE ct.wa_id END AS wa_id, r.emoji
       FROM message m
       JOIN conversation c ON c.id = m.conversation_id
       JOIN channel ch ON ch.id = c.channel_id
       JOIN contact ct ON ct.id = c.contact_id
       LEFT JOIN message_reaction r ON r.message_id = m.id AND r.actor = $2
      WHERE m.id = $1`,
    [payload.messageId, payload.actor],
  );
  const row = rows[0];
  if (!row) return;
  const attempt = payload.attempt ?? 0;
  const args = { messageId: payload.messageId, actor: payload.actor, conversationId: row.conversation_id };
  const later = (ms: number, nextAttempt: number) =>
    enqueueSendReaction(rt.pool, args, new Date(Date.now() + ms), nextAttempt);
  if (!row.wamid) {
    // Our own message not accepted yet: wait for it; one that failed can carry no reaction.
    if (row.status === 'pending') await later(TARGET_PENDING_DELAY_MS, attempt);
    return;
  }
  if (row.sends_paused) return later(rt.settings.channelRecheckMs, attempt);
  const channel = await loadChannelConfig(rt.pool, rt.deps.secretBox, rt.deps.env, { id: row.channel_id });
  if (!channel) return;
  try {
    await graphClientFor(rt, channel).sendReaction(row.wa_id, row.wamid, row.emoji ?? '');
  } catch (err) {
    await handleSideEffectFailure(rt, row.channel_id, err, attempt, (ms) => later(ms, attempt + 1), {
      what: 'reaction',
      messageId: payload.messageId,
    });
  }
}

/** WhatsApp's read receipt (blue ticks on the customer's phone) for the latest customer message. */
export async function runSendReadReceiptJob(
  rt: OutboxRuntime,
  payload: ReadReceiptJobPayload,
): Promise<void> {
  const { rows } = await rt.pool.query<{ channel_id: string; sends_paused: boolean }>(
    `SELECT c.channel_id, ch.sends_paused FROM conversation c JOIN channel ch ON ch.id = c.channel_id WHERE c.id = $1`,
    [payload.conversationId],
  );
  const row = rows[0];
  // A receipt is worth little later: while the channel is paused it is dropped.
  if (!row || row.sends_paused) return;
  const channel = await loadChannelConfig(rt.pool, rt.deps.secretBox, rt.deps.env, { id: row.channel_id });
  if (!channel) return;
  const attempt = payload.attempt ?? 0;
  try {
    await graphClientFor(rt, channel).markRead(payload.wamid);
  } catch (err) {
    await handleSideEffectFailure(
      rt,
      row.channel_id,
      err,
      attempt,
      (ms) =>
        enqueueReadReceipt(
          rt.pool,
          { conversationId: payload.conversationId, wamid: payload.wamid },
          new Date(Date.now() + ms),
          attempt + 1,
        ),
      { what: 'read receipt', conversationId: payload.conversationId },
    );
  }
}

async function handleSideEffectFailure(
  rt: OutboxRuntime,
  channelId: string,
  err: unknown,
  attempt: number,
  retry: (delayMs: number) => Promise<void>,
  context: Record<string, string>,
): Promise<void> {
  if (!(err instanceof GraphApiError)) throw err;
  const classification = err.classification;
  if (classification === 'channel_broken') {
    await withTransaction(rt.pool, (db) => markChannelBroken(db, channelId, err));
    rt.deps.log('error', 'outbox: channel broken, sends paused', { channelId, code: err.code });
    return;
  }
  const delay = retryDelayMs(attempt + 1, classification, rt.settings.random);
  if (delay !== null && attempt + 1 < MAX_ATTEMPTS) {
    await retry(delay);
    return;
  }
  rt.deps.log('warn', `outbox: ${context.what} dropped`, { ...context, code: err.code, error: err.message });
}
