import type { Pool } from '../db/pool.ts';

/**
 * Reopens conversations whose snooze time has passed, with a thread event each, in one statement
 * (idempotent, so several API processes may all run it). Rows a webhook batch holds are skipped, not
 * waited for: the next sweep takes them, and no lock order can cross the inbound path's. Until it runs, the UI already shows them
 * open (statusShown in schema/conversation-lifecycle.ts). Returns how many reopened.
 */
export async function reopenSnoozed(pool: Pick<Pool, 'query'>): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `WITH locked AS (
       SELECT c.id FROM conversation c JOIN contact ct ON ct.id = c.contact_id
        WHERE c.state = 'pending' AND c.snoozed_until <= now()
        ORDER BY c.channel_id COLLATE "C", ct.wa_id COLLATE "C"
        FOR UPDATE OF c SKIP LOCKED
     ), due AS (
       UPDATE conversation c SET state = 'open', snoozed_until = NULL, updated_at = now()
         FROM locked WHERE c.id = locked.id
       RETURNING c.id
     ), ev AS (
       INSERT INTO conversation_event (id, conversation_id, kind, reason, at)
       SELECT gen_random_uuid()::text, id, 'reopened', 'snooze', now() FROM due
     )
     SELECT count(*)::int AS n FROM due`,
  );
  return rows[0]?.n ?? 0;
}
