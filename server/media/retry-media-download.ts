import { type Pool, withTransaction } from '../db/pool.ts';

/**
 * Queues a failed inbound media download again (the operator's "retry"): the attachment goes back to
 * pending and a fresh job with a full set of attempts is due now. False when the attachment is not a
 * failed WhatsApp media download.
 */
export async function retryMediaDownload(pool: Pool, attachmentId: string): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ channel_id: string }>(
      `SELECT c.channel_id FROM attachment a
         JOIN message m ON m.attachment_id = a.id JOIN conversation c ON c.id = m.conversation_id
        WHERE a.id = $1 AND a.state = 'failed' AND a.meta_media_id IS NOT NULL
        LIMIT 1 FOR UPDATE OF a`,
      [attachmentId],
    );
    const row = rows[0];
    if (!row) return false;
    await client.query(
      `WITH a AS (UPDATE attachment SET state = 'pending', error = NULL WHERE id = $1)
       INSERT INTO private.media_download (attachment_id, channel_id) VALUES ($1, $2)
       ON CONFLICT (attachment_id) DO UPDATE SET attempts = 0, next_attempt_at = now(), locked_until = NULL, last_error = NULL`,
      [attachmentId, row.channel_id],
    );
    return true;
  });
}
