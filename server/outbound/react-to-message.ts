import type { ReactArgs } from '../../schema/mutators/messages.ts';
import { assertWindowOpen } from '../../schema/mutators/messages.ts';
import { mutationError } from '../../schema/mutators/mutation-error.ts';
import { loadSendTarget } from './outbound-target.ts';
import { enqueueSendReaction } from './outbox-jobs.ts';
import type { Db, OutboundOptions, Sender } from './send-target.ts';

/**
 * The operator's reaction on a message (one per operator and message, as in WhatsApp; '' removes it),
 * stored with actor = operator id and sent through the outbox. A reaction is a free-form message for
 * Meta, so the 24-hour window applies. Setting the same emoji again changes nothing and sends nothing.
 */
export async function reactInTransaction(
  db: Db,
  sender: Sender | undefined,
  input: ReactArgs,
  options: OutboundOptions,
): Promise<{ changed: boolean }> {
  const { rows } = await db.query<{ conversation_id: string }>(
    'SELECT conversation_id FROM message WHERE id = $1',
    [input.messageId],
  );
  const msg = rows[0];
  if (!msg) throw mutationError('not_found', 'That message does not exist.');
  const target = await loadSendTarget(db, sender, msg.conversation_id);
  const actor = (sender as Sender).userID;
  const nowMs = options.now?.() ?? Date.now();
  assertWindowOpen(target, nowMs);
  let changed: boolean;
  if (input.emoji === '') {
    const removed = await db.query('DELETE FROM message_reaction WHERE message_id = $1 AND actor = $2', [
      input.messageId,
      actor,
    ]);
    changed = (removed.rowCount ?? 0) > 0;
  } else {
    const upserted = await db.query(
      `INSERT INTO message_reaction (id, message_id, conversation_id, actor, emoji, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (message_id, actor) DO UPDATE SET emoji = EXCLUDED.emoji, created_at = EXCLUDED.created_at
         WHERE message_reaction.emoji IS DISTINCT FROM EXCLUDED.emoji`,
      [input.id, input.messageId, msg.conversation_id, actor, input.emoji, new Date(nowMs)],
    );
    changed = (upserted.rowCount ?? 0) > 0;
  }
  if (changed) {
    await enqueueSendReaction(db, { messageId: input.messageId, actor, conversationId: msg.conversation_id });
  }
  return { changed };
}
