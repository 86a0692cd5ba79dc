import { applyPendingStatuses } from '../conversations/apply-pending-statuses.ts';
import { type Pool, withTransaction } from '../db/pool.ts';
import { applyStoredChanges } from './apply-message-changes.ts';

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
  // Edits and deletes whose message was stored by a transaction that raced with theirs.
  const { rows: changed } = await pool.query<{ wamid: string }>(
    `SELECT DISTINCT c.target_wamid AS wamid FROM private.message_change c JOIN message m ON m.wamid = c.target_wamid
      WHERE (c.kind = 'edit' AND (m.edited_at IS NULL OR m.edited_at < c.at))
         OR (c.kind = 'revoke' AND m.deleted_at IS NULL)
      LIMIT $1`,
    [limit],
  );
  if (changed.length > 0) {
    await withTransaction(pool, (client) =>
      applyStoredChanges(
        client,
        changed.map((r) => r.wamid),
      ),
    );
  }
  await pool.query(
    `WITH a AS (DELETE FROM private.pending_status WHERE received_at < now() - $1::interval)
     DELETE FROM private.reaction_event WHERE received_at < now() - $1::interval`,
    [RETENTION],
  );
  return { messages: rows.length };
}
