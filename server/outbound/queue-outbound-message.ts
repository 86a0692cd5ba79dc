import { dayKey, operatorDayStatsId } from '../../schema/day-key.ts';
import { enqueueSendMessage } from './outbox-jobs.ts';
import type { Db, Sender, SendTarget } from './send-target.ts';

/**
 * What the server adds to an operator's reply written by the shared mutator, in the same transaction:
 * the waiting counter (the lighthouse went off), today's handled/replies counters, the outbox
 * bookkeeping row and the outbox job.
 */
export async function queueOutboundMessage(
  db: Db,
  target: SendTarget,
  sender: Sender,
  messageId: string,
  options: { nowMs: number; timeZone: string },
): Promise<void> {
  if (target.awaitingReply) {
    // The lighthouse goes off: one conversation fewer waiting for a reply on this channel.
    await db.query(
      `UPDATE channel_stats SET waiting_count = waiting_count - 1, updated_at = now()
        WHERE channel_id = $1 AND waiting_count > 0`,
      [target.channelId],
    );
  }
  const day = dayKey(options.nowMs, options.timeZone);
  const firstToday = await db.query(
    `INSERT INTO private.conversation_handled (conversation_id, operator_id, day) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING`,
    [target.conversationId, sender.userID, day],
  );
  const handled = firstToday.rowCount ? 1 : 0;
  await db.query(
    `INSERT INTO operator_day_stats (id, operator_id, day, handled_count, replies_count) VALUES ($1, $2, $3, $4, 1)
     ON CONFLICT (operator_id, day) DO UPDATE
       SET handled_count = operator_day_stats.handled_count + EXCLUDED.handled_count,
           replies_count = operator_day_stats.replies_count + 1`,
    [operatorDayStatsId(sender.userID, day), sender.userID, day, handled],
  );
  await db.query(
    `INSERT INTO private.outbound_message (message_id, conversation_id, channel_id) VALUES ($1, $2, $3)`,
    [messageId, target.conversationId, target.channelId],
  );
  await enqueueSendMessage(db, messageId);
}
