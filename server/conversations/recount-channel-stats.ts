type Queryable = { query: (text: string) => Promise<unknown> };

/**
 * Sets every channel's counters from its conversations. The ingestion keeps them by deltas in its own
 * transactions; this is for data written around it: the demo seed, the bench dataset, tests that
 * arrange conversations with SQL.
 */
export async function recountChannelStats(db: Queryable): Promise<void> {
  await db.query(
    `UPDATE channel_stats s SET
       waiting_count = (SELECT count(*) FROM conversation c WHERE c.channel_id = s.channel_id AND c.awaiting_reply),
       unread_count = (SELECT count(*) FROM conversation c WHERE c.channel_id = s.channel_id AND c.unread_count > 0),
       updated_at = now()`,
  );
}
