import { lockWamids } from '../conversations/apply-status.ts';
import type { PoolClient } from '../db/pool.ts';

export type ReactionEvent = {
  /** The wamid of the message reacted to. */
  targetWamid: string;
  /** null: the reaction was removed. */
  emoji: string | null;
  /** Epoch ms (Meta's timestamp of the reaction). */
  at: number;
  /** The reaction message's own wamid (tie-breaker within a second). */
  wamid: string;
};

const newer = (a: ReactionEvent, b: ReactionEvent) => a.at > b.at || (a.at === b.at && a.wamid > b.wamid);

/**
 * Customer reactions: one per customer per message, as in WhatsApp; a removal deletes it. The latest
 * event by Meta's time wins whatever the delivery order (private.reaction_event referees). A reaction to
 * a message not stored yet is kept and attached when that message (or its wamid) appears.
 * Returns how many reactions changed a visible message.
 */
export async function applyCustomerReactions(client: PoolClient, events: ReactionEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const latest = new Map<string, ReactionEvent>();
  for (const e of events) {
    const seen = latest.get(e.targetWamid);
    if (!seen || newer(e, seen)) latest.set(e.targetWamid, e);
  }
  const list = [...latest.values()].sort((a, b) => (a.targetWamid < b.targetWamid ? -1 : 1));
  await lockWamids(
    client,
    list.map((e) => e.targetWamid),
  );
  const { rows } = await client.query<{ applied: number }>(
    `WITH input AS (
       SELECT t.*, m.id AS message_id, m.conversation_id
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS t(target_wamid, emoji, at, wamid)
         LEFT JOIN message m ON m.wamid = t.target_wamid
     ), ev AS (
       INSERT INTO private.reaction_event AS e (target_wamid, actor, emoji, at, wamid, applied)
       SELECT target_wamid, 'customer', emoji, at, wamid, message_id IS NOT NULL FROM input
       ON CONFLICT (target_wamid, actor) DO UPDATE SET emoji = EXCLUDED.emoji, at = EXCLUDED.at,
         wamid = EXCLUDED.wamid, applied = EXCLUDED.applied, received_at = now()
         WHERE (EXCLUDED.at, EXCLUDED.wamid) > (e.at, e.wamid)
       RETURNING e.target_wamid
     ), tgt AS (
       SELECT input.* FROM input JOIN ev ON ev.target_wamid = input.target_wamid WHERE input.message_id IS NOT NULL
     ), del AS (
       DELETE FROM message_reaction r USING tgt
        WHERE tgt.emoji IS NULL AND r.message_id = tgt.message_id AND r.actor = 'customer'
     ), ins AS (
       INSERT INTO message_reaction (id, message_id, conversation_id, actor, emoji, created_at)
       SELECT 'r_' || substr(md5(message_id || ':customer'), 1, 22), message_id, conversation_id, 'customer', emoji, at
         FROM tgt WHERE emoji IS NOT NULL
       ON CONFLICT (message_id, actor) DO UPDATE SET emoji = EXCLUDED.emoji, created_at = EXCLUDED.created_at
     )
     SELECT count(*)::int AS applied FROM tgt`,
    [
      list.map((e) => e.targetWamid),
      list.map((e) => e.emoji),
      list.map((e) => new Date(e.at)),
      list.map((e) => e.wamid),
    ],
  );
  return rows[0]?.applied ?? 0;
}
