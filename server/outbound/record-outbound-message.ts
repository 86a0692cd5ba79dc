import { dayKey, operatorDayStatsId } from '../../schema/day-key.ts';
import { mutationError } from '../../schema/mutators/mutation-error.ts';
import type { Db, Sender, SendTarget } from './outbound-target.ts';
import { enqueueSendMessage } from './outbox-jobs.ts';

export type OutboundRow = {
  id: string;
  type: string;
  body: string;
  /** The conversation list's one-line preview. */
  preview: string;
  attachmentId?: string | null;
  replyToMessageId?: string | null;
  templateName?: string | null;
  templateLanguage?: string | null;
  templateParams?: unknown;
};

/**
 * Writes an operator's reply and everything that changes with it, in the caller's transaction:
 * the message ('pending'), the conversation's summary (last message, last operator, lighthouse off),
 * the waiting counter, today's handled/replies counters, the outbox bookkeeping row and the outbox job.
 * Returns false (and writes nothing) when a message with this id already exists.
 */
export async function recordOutboundMessage(
  db: Db,
  target: SendTarget,
  sender: Sender,
  row: OutboundRow,
  options: { nowMs: number; timeZone: string },
): Promise<boolean> {
  const at = new Date(options.nowMs);
  let replyToWamid: string | null = null;
  if (row.replyToMessageId) {
    const { rows } = await db.query<{ wamid: string | null }>(
      'SELECT wamid FROM message WHERE id = $1 AND conversation_id = $2',
      [row.replyToMessageId, target.conversationId],
    );
    if (!rows[0])
      throw mutationError('invalid', 'The message you are replying to is not in this conversation.');
    // Unknown yet when quoting our own reply still in the outbox: the send job resolves it later.
    replyToWamid = rows[0].wamid;
  }
  const inserted = await db.query(
    `INSERT INTO message (id, conversation_id, direction, type, body, attachment_id, reply_to_wamid,
       reply_to_message_id, status, operator_id, template_name, template_language, template_params,
       created_at, received_at)
     VALUES ($1, $2, 'out', $3, $4, $5, $6, $7, 'pending', $8, $9, $10, $11, $12, $12)
     ON CONFLICT (id) DO NOTHING`,
    [
      row.id,
      target.conversationId,
      row.type,
      row.body,
      row.attachmentId ?? null,
      replyToWamid,
      row.replyToMessageId ?? null,
      sender.userID,
      row.templateName ?? null,
      row.templateLanguage ?? null,
      row.templateParams === undefined ? null : JSON.stringify(row.templateParams),
      at,
    ],
  );
  if (!inserted.rowCount) return false;

  await db.query(
    `UPDATE conversation
        SET last_message_id = $2, last_message_preview = $3, last_message_at = $4, last_message_direction = 'out',
            last_message_status = 'pending', last_message_error = NULL, last_operator_id = $5,
            last_operator_name = $6, awaiting_reply = false, awaiting_since = NULL, updated_at = $4
      WHERE id = $1`,
    [target.conversationId, row.id, row.preview, at, sender.userID, target.operatorName],
  );
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
    [row.id, target.conversationId, target.channelId],
  );
  await enqueueSendMessage(db, row.id);
  return true;
}
