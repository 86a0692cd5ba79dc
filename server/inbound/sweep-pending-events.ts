import { applyPendingStatuses } from '../conversations/apply-pending-statuses.ts';
import { type Pool, withTransaction } from '../db/pool.ts';

export type SweepReport = { messages: number };

const RETENTION = '30 days';

/**
 * Applies statuses and reactions that arrived before their message's wamid was known, when the wamid
 * appeared in a transaction that raced with the webhook (applyPendingStatuses covers the usual case),
 * and drops the ones that never found their message (e.g. sent by another tool on the same number).
 */
export async function sweepPendingEvents(pool: Pool, limit = 200): Promise<SweepReport> {
  const { rows } = await pool.query<{ id: string; wamid: string }>(
    `SELECT m.id, m.wamid FROM message m
      WHERE m.wamid IN (
        SELECT wamid FROM private.pending_status
        UNION SELECT target_wamid FROM private.reaction_event WHERE NOT applied
      )
      LIMIT $1`,
    [limit],
  );
  for (const row of rows) {
    await withTransaction(pool, (client) => applyPendingStatuses(client, row.id, row.wamid));
  }
  await pool.query(
    `WITH a AS (DELETE FROM private.pending_status WHERE received_at < now() - $1::interval)
     DELETE FROM private.reaction_event WHERE received_at < now() - $1::interval`,
    [RETENTION],
  );
  return { messages: rows.length };
}
