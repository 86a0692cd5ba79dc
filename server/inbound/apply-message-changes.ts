import { lockWamids } from '../conversations/apply-status.ts';
import type { PoolClient } from '../db/pool.ts';

export type MessageChange = {
  /** The edit's or revoke's own wamid. */
  wamid: string;
  targetWamid: string;
  kind: 'edit' | 'revoke';
  /** The new text of an edit (null: not text, e.g. a new caption we could not read). */
  body: string | null;
  payload: Record<string, unknown> | null;
  /** Epoch ms. */
  at: number;
};

/**
 * Edits and deletes (coexistence numbers; also the business's own from the app) change the message
 * they name, never add one. Each is kept in private.message_change, so the result depends only on the
 * set of changes: the latest edit by Meta's time (then wamid) gives the text, the earliest delete
 * marks it deleted, whatever the delivery order; one arriving before its message is applied when the
 * message is stored (`storedWamids`: this batch's new messages that had a change stored before them,
 * apply-inbound-message.ts) or by the sweeper. The first edit
 * keeps the original text in the payload (`original_body`).
 */
export async function applyMessageChanges(
  client: PoolClient,
  changes: readonly MessageChange[],
  storedWamids: readonly string[],
): Promise<void> {
  if (changes.length > 0) {
    await lockWamids(
      client,
      changes.map((c) => c.targetWamid),
    );
    await client.query(
      `INSERT INTO private.message_change (wamid, target_wamid, kind, body, payload, at)
       SELECT w, t, k, b, p::jsonb, a
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS u(w, t, k, b, p, a)
       ON CONFLICT (wamid) DO NOTHING`,
      [
        changes.map((c) => c.wamid),
        changes.map((c) => c.targetWamid),
        changes.map((c) => c.kind),
        changes.map((c) => c.body),
        changes.map((c) => (c.payload ? JSON.stringify(c.payload) : null)),
        changes.map((c) => new Date(c.at)),
      ],
    );
  }
  const targets = [...new Set([...changes.map((c) => c.targetWamid), ...storedWamids])];
  await applyStoredChanges(client, targets);
}

/** Brings the messages with these wamids in line with their stored edits and deletes (one statement). */
export async function applyStoredChanges(client: PoolClient, targetWamids: readonly string[]): Promise<void> {
  if (targetWamids.length === 0) return;
  await client.query(
    `WITH e AS (
       SELECT DISTINCT ON (target_wamid) target_wamid, body, at FROM private.message_change
        WHERE kind = 'edit' AND target_wamid = ANY($1::text[])
        ORDER BY target_wamid, at DESC, wamid DESC
     ), r AS (
       SELECT target_wamid, min(at) AS at FROM private.message_change
        WHERE kind = 'revoke' AND target_wamid = ANY($1::text[]) GROUP BY target_wamid
     ), t AS (
       SELECT target_wamid, e.body, e.at AS edited_at, r.at AS deleted_at FROM e FULL JOIN r USING (target_wamid)
     ), m AS (
       UPDATE message m SET
         body = coalesce(t.body, m.body),
         payload = CASE WHEN t.body IS NOT NULL AND NOT coalesce(m.payload ? 'original_body', false)
                        THEN coalesce(m.payload, '{}'::jsonb) || jsonb_build_object('original_body', m.body)
                        ELSE m.payload END,
         edited_at = t.edited_at,
         deleted_at = t.deleted_at
         FROM t
        WHERE m.wamid = t.target_wamid
          AND (m.edited_at IS DISTINCT FROM t.edited_at OR m.deleted_at IS DISTINCT FROM t.deleted_at
               OR (t.body IS NOT NULL AND m.body IS DISTINCT FROM t.body))
       RETURNING m.id, m.conversation_id, m.body, m.deleted_at
     )
     UPDATE conversation c
        SET last_message_preview = CASE WHEN m.deleted_at IS NOT NULL THEN '🚫 Deleted message'
                                        ELSE left(regexp_replace(m.body, '\\s+', ' ', 'g'), 200) END,
            updated_at = now()
       FROM m WHERE c.id = m.conversation_id AND c.last_message_id = m.id`,
    [targetWamids],
  );
}
