import type pg from 'pg';

/**
 * "Still here" from an operator with a conversation open, off the replicated tables: colleagues' screens
 * do not change, and the sweeper (presence-sweeper.ts) deletes a viewer row only once these stop. Runs
 * after viewers.here wrote or kept the row, in the same transaction (the row must exist: its key is the
 * heartbeat's foreign key).
 */
export async function recordViewerHeartbeat(
  db: pg.ClientBase,
  operatorId: string,
  conversationId: string,
): Promise<void> {
  await db.query(
    `INSERT INTO private.conversation_viewer_heartbeat (operator_id, conversation_id, heard_at)
     VALUES ($1, $2, now())
     ON CONFLICT (operator_id, conversation_id) DO UPDATE SET heard_at = now()`,
    [operatorId, conversationId],
  );
}
