import { isServiceWindowOpen } from '../../schema/whatsapp/service-window.ts';
import { loadChannelConfig } from '../channels/channel-config.ts';
import { graphClientFor } from './graph-client-for.ts';
import type { OutboxRuntime } from './outbox-runtime.ts';

// WhatsApp shows "typing…" for up to 25 s or until our reply; repeating the call refreshes it. One every
// 20 s per conversation keeps it up while an operator types without spending Meta's rate limits on it.
export const TYPING_INTERVAL_MS = 20_000;

const lastSent = new Map<string, number>();

export type TypingJobPayload = { conversationId: string };

/**
 * Shows the customer that the business is typing (Meta's typing indicator rides on the read receipt
 * of their latest message). At most once every 20 s per conversation in this process, only while the
 * 24-hour window is open and the channel sends; never retried (a late indicator is worse than none).
 */
export async function runSendTypingJob(
  rt: OutboxRuntime,
  payload: TypingJobPayload,
  now: () => number = Date.now,
): Promise<'sent' | 'skipped'> {
  const at = now();
  const previous = lastSent.get(payload.conversationId);
  if (previous !== undefined && at - previous < TYPING_INTERVAL_MS) return 'skipped';
  const { rows } = await rt.pool.query<{
    channel_id: string;
    sends_paused: boolean;
    customer_last_message_at: Date | null;
    wamid: string | null;
  }>(
    `SELECT c.channel_id, ch.sends_paused, c.customer_last_message_at,
            (SELECT m.wamid FROM message m
              WHERE m.conversation_id = c.id AND m.direction = 'in' AND m.wamid IS NOT NULL AND m.origin IS NULL
              ORDER BY m.created_at DESC, m.arrival DESC NULLS LAST, m.id DESC LIMIT 1) AS wamid
       FROM conversation c JOIN channel ch ON ch.id = c.channel_id WHERE c.id = $1`,
    [payload.conversationId],
  );
  const row = rows[0];
  if (!row?.wamid || row.sends_paused) return 'skipped';
  if (!isServiceWindowOpen(row.customer_last_message_at?.getTime() ?? null, at)) return 'skipped';
  const channel = await loadChannelConfig(rt.pool, rt.deps.secretBox, rt.deps.env, { id: row.channel_id });
  if (!channel) return 'skipped';
  lastSent.set(payload.conversationId, at);
  if (lastSent.size > 10_000) lastSent.delete(lastSent.keys().next().value as string);
  try {
    await graphClientFor(rt, channel).markRead(row.wamid, { typing: true });
    return 'sent';
  } catch (err) {
    rt.deps.log('warn', 'outbox: typing indicator dropped', {
      conversationId: payload.conversationId,
      error: (err as Error).message,
    });
    return 'skipped';
  }
}
