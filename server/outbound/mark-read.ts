import { mutationError } from '../../schema/mutators/mutation-error.ts';
import { canWrite } from '../../schema/roles.ts';
import { markConversationRead } from '../conversations/mark-conversation-read.ts';
import { enqueueReadReceipt } from './outbox-jobs.ts';
import type { Db, Sender } from './send-target.ts';

/**
 * The operator opened the conversation: its unread count (and the channel's) goes to zero and WhatsApp's
 * read receipt is queued for the latest customer message, once per message however often it is opened.
 * Read-only accounts may look without marking anything read.
 */
export async function markReadInTransaction(
  db: Db,
  sender: Sender | undefined,
  conversationId: string,
): Promise<{ receiptQueued: boolean }> {
  if (!sender?.userID || !canWrite(sender.role)) return { receiptQueued: false };
  if (!sender.chatsEnabled) throw mutationError('module_disabled', 'The Chats module is switched off.');
  const { rows } = await db.query<{ channel_id: string; wamid: string | null }>(
    `SELECT c.channel_id,
            (SELECT m.wamid FROM message m
              WHERE m.conversation_id = c.id AND m.direction = 'in' AND m.wamid IS NOT NULL
              ORDER BY m.created_at DESC, m.arrival DESC NULLS LAST, m.id DESC LIMIT 1) AS wamid
       FROM conversation c WHERE c.id = $1`,
    [conversationId],
  );
  const conv = rows[0];
  if (!conv || (sender.channelScope && !sender.channelScope.includes(conv.channel_id))) {
    throw mutationError('not_found', 'That conversation does not exist.');
  }
  await markConversationRead(db as Parameters<typeof markConversationRead>[0], conversationId);
  if (!conv.wamid) return { receiptQueued: false };
  const fresh = await db.query(
    `INSERT INTO private.conversation_read_receipt (conversation_id, wamid) VALUES ($1, $2)
     ON CONFLICT (conversation_id) DO UPDATE SET wamid = EXCLUDED.wamid, queued_at = now()
       WHERE private.conversation_read_receipt.wamid IS DISTINCT FROM EXCLUDED.wamid`,
    [conversationId, conv.wamid],
  );
  if (!fresh.rowCount) return { receiptQueued: false };
  await enqueueReadReceipt(db, { conversationId, wamid: conv.wamid });
  return { receiptQueued: true };
}
