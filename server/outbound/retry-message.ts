import { assertWindowOpen } from '../../schema/mutators/messages.ts';
import { mutationError } from '../../schema/mutators/mutation-error.ts';
import { loadSendTarget } from './outbound-target.ts';
import { enqueueSendMessage } from './outbox-jobs.ts';
import type { Db, OutboundOptions, Sender } from './send-target.ts';

/**
 * "Retry" on a failed reply: the message goes back to pending and its outbox job is queued again under
 * the same job key (the message id), never as a copy. Free-form messages still need an open window.
 * A message that is not failed (already retried, or delivered since) is left alone.
 */
export async function retryMessageInTransaction(
  db: Db,
  sender: Sender | undefined,
  messageId: string,
  options: OutboundOptions,
): Promise<{ retried: boolean }> {
  const { rows } = await db.query<{
    conversation_id: string;
    type: string;
    status: string;
    direction: string;
  }>(
    `SELECT m.conversation_id, m.type, m.status, m.direction
       FROM message m JOIN private.outbound_message o ON o.message_id = m.id
      WHERE m.id = $1`,
    [messageId],
  );
  const msg = rows[0];
  if (!msg) throw mutationError('not_found', 'That message cannot be retried.');
  const target = await loadSendTarget(db, sender, msg.conversation_id);
  // Re-read under the conversation lock: a concurrent retry or a late status may have changed it.
  const { rows: now } = await db.query<{ status: string }>('SELECT status FROM message WHERE id = $1', [
    messageId,
  ]);
  if (now[0]?.status !== 'failed') return { retried: false };
  if (msg.type === 'template') {
    if (!(sender as Sender).canSendTemplates) throw mutationError('forbidden', 'You may not send templates.');
  } else {
    assertWindowOpen(target, options.now?.() ?? Date.now());
  }
  await db.query(
    `UPDATE message SET status = 'pending', failed_at = NULL, error_code = NULL, error_title = NULL,
            error_detail = NULL, payload = CASE WHEN payload IS NULL THEN NULL ELSE payload - 'offerTemplate' END
      WHERE id = $1`,
    [messageId],
  );
  await db.query(
    `UPDATE conversation SET last_message_status = 'pending', last_message_error = NULL, updated_at = now()
      WHERE id = $1 AND last_message_id = $2`,
    [msg.conversation_id, messageId],
  );
  await db.query(
    `UPDATE private.outbound_message
        SET attempts = 0, pair_limited_attempts = 0, done_at = NULL, wait_reason = NULL, in_flight_since = NULL,
            last_error = NULL, next_attempt_at = now()
      WHERE message_id = $1`,
    [messageId],
  );
  await enqueueSendMessage(db, messageId);
  return { retried: true };
}
