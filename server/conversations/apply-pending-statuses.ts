import type { PoolClient } from '../db/pool.ts';
import { lockMessagesByWamid, lockWamids, writeDeliveries } from './apply-status.ts';
import type { IncomingStatus } from './fold-statuses.ts';

/**
 * Call right after recording a wamid on a message (same transaction): applies what arrived for that
 * wamid before it was known: statuses (Meta's `sent` can beat the Graph API's answer), the customer's
 * reaction, and the link of replies quoting it. Cheap when there is nothing (one statement).
 * Returns how many pending statuses were applied.
 */
export async function applyPendingStatuses(
  client: PoolClient,
  messageId: string,
  wamid: string,
): Promise<number> {
  await lockWamids(client, [wamid]);
  const { rows } = await client.query<{ status: string; at: Date; errors: IncomingStatus['error'] }>(
    `WITH ps AS (
       DELETE FROM private.pending_status WHERE wamid = $2 RETURNING status, at, errors
     ), re AS (
       SELECT e.emoji, e.at, m.conversation_id FROM private.reaction_event e JOIN message m ON m.id = $1
        WHERE e.target_wamid = $2 AND e.actor = 'customer' AND NOT e.applied
     ), del AS (
       DELETE FROM message_reaction r USING re WHERE re.emoji IS NULL AND r.message_id = $1 AND r.actor = 'customer'
     ), ins AS (
       INSERT INTO message_reaction (id, message_id, conversation_id, actor, emoji, created_at)
       SELECT 'r_' || substr(md5($1 || ':customer'), 1, 22), $1, conversation_id, 'customer', emoji, at
         FROM re WHERE emoji IS NOT NULL
       ON CONFLICT (message_id, actor) DO UPDATE SET emoji = EXCLUDED.emoji, created_at = EXCLUDED.created_at
     ), mark AS (
       UPDATE private.reaction_event SET applied = true
        WHERE target_wamid = $2 AND actor = 'customer' AND NOT applied AND EXISTS (SELECT 1 FROM re)
     ), replies AS (
       UPDATE message SET reply_to_message_id = $1
        WHERE reply_to_wamid = $2 AND reply_to_message_id IS NULL AND id <> $1
     )
     SELECT status, at, errors FROM ps`,
    [messageId, wamid],
  );
  if (rows.length === 0) return 0;
  const messages = await lockMessagesByWamid(client, [wamid]);
  const events: IncomingStatus[] = rows.map((r) => ({
    status: r.status,
    at: r.at.getTime(),
    error: r.errors,
  }));
  await writeDeliveries(client, messages, new Map([[wamid, events]]));
  return rows.length;
}
