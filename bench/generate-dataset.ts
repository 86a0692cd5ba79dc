import { recountChannelStats } from '../server/conversations/recount-channel-stats.ts';
import type { Pool } from '../server/db/pool.ts';

export type DatasetSize = {
  conversations: number;
  messagesPerConversation: number;
  bigConversationMessages: number;
};

/**
 * Builds the large dataset server-side with set-based INSERT … SELECT generate_series (no row-by-row
 * round trips; faster than streaming COPY from Node because nothing crosses the wire). Counters are
 * written consistently with the rows (channel_stats recomputed once at the end).
 */
export async function generateDataset(pool: Pool, size: DatasetSize): Promise<{ seconds: number }> {
  const t0 = performance.now();
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query(`
      INSERT INTO channel (id, slot, display_phone_number, phone_number_id, waba_id, mode, health)
      VALUES ('ch-bench', 2, '+1 555 020 0200', '100000000000099', '200000000000099', 'simulator', 'ok')
      ON CONFLICT (id) DO NOTHING`);
    await c.query(`INSERT INTO channel_stats (channel_id) VALUES ('ch-bench') ON CONFLICT DO NOTHING`);
    await c.query(
      `INSERT INTO contact (id, wa_id, profile_name, phone, created_at, updated_at)
       SELECT 'bct-' || g, (491500000000 + g)::text, 'Bench Customer ' || g, '+' || (491500000000 + g), now(), now()
       FROM generate_series(1, $1) g`,
      [size.conversations],
    );
    await c.query(
      `INSERT INTO conversation (id, channel_id, contact_id, business_number, participant_name, participant_phone,
         last_message_id, last_message_preview, last_message_at, last_message_direction, last_message_status,
         unread_count, awaiting_reply, awaiting_since, customer_last_message_at, created_at, updated_at)
       SELECT 'bcv-' || g, 'ch-bench', 'bct-' || g, '+1 555 020 0200', 'Bench Customer ' || g, '+' || (491500000000 + g),
         'bm-' || g || '-' || $2, 'Message ' || $2 || ' in conversation ' || g,
         now() - (g || ' seconds')::interval, CASE WHEN g % 3 = 0 THEN 'out' ELSE 'in' END,
         CASE WHEN g % 3 = 0 THEN 'read' ELSE 'received' END,
         CASE WHEN g % 3 = 0 THEN 0 ELSE g % 4 END, g % 3 <> 0,
         CASE WHEN g % 3 <> 0 THEN now() - (g || ' seconds')::interval END,
         now() - (g || ' seconds')::interval, now() - (g || ' minutes')::interval, now()
       FROM generate_series(1, $1) g`,
      [size.conversations, size.messagesPerConversation],
    );
    await c.query(
      `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status, created_at, received_at)
       SELECT 'bm-' || g || '-' || m, 'bcv-' || g, 'wamid.bench.' || g || '.' || m,
         CASE WHEN m % 2 = 0 THEN 'out' ELSE 'in' END, 'text', 'Message ' || m || ' in conversation ' || g,
         CASE WHEN m % 2 = 0 THEN 'read' ELSE 'received' END,
         now() - (g || ' seconds')::interval - ((($2 - m) * 60) || ' seconds')::interval, now()
       FROM generate_series(1, $1) g, generate_series(1, $2) m`,
      [size.conversations, size.messagesPerConversation],
    );
    // One long conversation for the "opens a 10,000-message conversation" target.
    await c.query(
      `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status, created_at, received_at)
       SELECT 'bbig-' || m, 'bcv-1', 'wamid.bench.big.' || m, CASE WHEN m % 2 = 0 THEN 'out' ELSE 'in' END, 'text',
         'Long thread message ' || m, CASE WHEN m % 2 = 0 THEN 'read' ELSE 'received' END,
         now() - interval '30 days' + (m || ' seconds')::interval, now()
       FROM generate_series(1, $1) m`,
      [size.bigConversationMessages],
    );
    await recountChannelStats(c);
    await c.query('COMMIT');
    await c.query('ANALYZE conversation; ANALYZE message; ANALYZE contact');
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  } finally {
    c.release();
  }
  return { seconds: (performance.now() - t0) / 1000 };
}
