import type pg from 'pg';

/**
 * Tests that arrange conversations with direct SQL bypass the ingestion, which keeps channel_stats by
 * deltas. Recount it afterwards so the product's own later deltas (a reply, a mark-read) start from the
 * truth instead of driving a counter below zero.
 */
export async function recountChannelStats(db: pg.Pool): Promise<void> {
  await db.query(
    `UPDATE channel_stats s SET
       waiting_count = (SELECT count(*) FROM conversation c WHERE c.channel_id = s.channel_id AND c.awaiting_reply),
       unread_count = (SELECT count(*) FROM conversation c WHERE c.channel_id = s.channel_id AND c.unread_count > 0),
       updated_at = now()`,
  );
}
