import type pg from 'pg';

/**
 * "Still here" from an operator with a conversation open, off the replicated tables: colleagues' screens
 * do not change, and the sweeper (presence-sweeper.ts) deletes a viewer row only once these stop. Recorded
 * only while the synced viewer row exists (it is the beat's foreign key); returns whether it did, so that
 * a browser whose row the sweep deleted says it again through viewers.here (heartbeat-route.ts). After
 * viewers.here, in its transaction, the row always exists.
 */
export async function recordViewerHeartbeat(
  db: pg.ClientBase | pg.Pool,
  operatorId: string,
  conversationId: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO private.conversation_viewer_heartbeat (operator_id, conversation_id, heard_at)
     SELECT operator_id, conversation_id, now() FROM conversation_viewer
      WHERE operator_id = $1 AND conversation_id = $2
     ON CONFLICT (operator_id, conversation_id) DO UPDATE SET heard_at = now()`,
    [operatorId, conversationId],
  );
  return rowCount === 1;
}
