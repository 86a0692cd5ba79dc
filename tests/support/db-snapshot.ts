import type { TestDatabase } from './test-database.ts';

/**
 * Everything a webhook changes, keyed by Meta's ids (not our random ones), sorted: two databases that
 * received the same events in different orders must produce equal snapshots.
 */
export async function snapshot(db: TestDatabase) {
  const q = async (sql: string) => (await db.pool.query(sql)).rows;
  return {
    contacts: await q('SELECT wa_id, profile_name, phone FROM contact ORDER BY wa_id'),
    conversations: await q(
      `SELECT ct.wa_id, c.channel_id, c.state, c.business_number, c.participant_name, c.participant_phone,
              lm.wamid AS last_wamid, c.last_message_preview, c.last_message_at, c.last_message_direction,
              c.last_message_status, c.last_message_error, c.unread_count, c.awaiting_reply, c.awaiting_since,
              c.customer_last_message_at, c.created_at,
              (SELECT count(*)::int FROM message m WHERE m.conversation_id = c.id) AS messages
         FROM conversation c JOIN contact ct ON ct.id = c.contact_id LEFT JOIN message lm ON lm.id = c.last_message_id
        ORDER BY ct.wa_id, c.channel_id, c.created_at`,
    ),
    messages: await q(
      `SELECT m.id, m.wamid, ct.wa_id, m.direction, m.type, m.body, m.payload, m.reply_to_wamid, m.reply_to_message_id,
              m.forwarded, m.frequently_forwarded, m.status, m.sent_at, m.delivered_at, m.read_at, m.failed_at,
              m.error_code, m.error_title, m.error_detail, m.created_at,
              a.filename, a.mime_type, a.sha256, a.meta_media_id, a.state AS attachment_state
         FROM message m JOIN conversation c ON c.id = m.conversation_id JOIN contact ct ON ct.id = c.contact_id
         LEFT JOIN attachment a ON a.id = m.attachment_id
        ORDER BY m.wamid`,
    ),
    reactions: await q(
      `SELECT m.wamid, r.actor, r.emoji, r.created_at FROM message_reaction r JOIN message m ON m.id = r.message_id
        ORDER BY m.wamid, r.actor`,
    ),
    stats: await q('SELECT channel_id, waiting_count, unread_count FROM channel_stats ORDER BY channel_id'),
    pendingStatuses: await q('SELECT wamid, status, at FROM private.pending_status ORDER BY wamid, status'),
    mediaJobs: await q('SELECT attachment_id, channel_id FROM private.media_download ORDER BY attachment_id'),
  };
}
