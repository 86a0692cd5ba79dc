import type { PoolClient } from '../db/pool.ts';

/**
 * Clears a conversation's unread count; the channel's count of conversations with unread messages
 * goes down in the same transaction (only when it was unread). Returns the previous unread count
 * (0: nothing changed). Use inside the caller's transaction.
 */
export async function markConversationRead(client: PoolClient, conversationId: string): Promise<number> {
  const { rows } = await client.query<{ channel_id: string; unread_count: number }>(
    'SELECT channel_id, unread_count FROM conversation WHERE id = $1 FOR UPDATE',
    [conversationId],
  );
  const row = rows[0];
  if (!row || row.unread_count === 0) return 0;
  await client.query(
    `WITH c AS (UPDATE conversation SET unread_count = 0, updated_at = now() WHERE id = $1)
     UPDATE channel_stats SET unread_count = unread_count - 1, updated_at = now() WHERE channel_id = $2`,
    [conversationId, row.channel_id],
  );
  return row.unread_count;
}
