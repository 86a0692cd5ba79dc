import type pg from 'pg';

/**
 * "Still here, and still `presence`" from an operator's browser, off the replicated tables, for the sweeper
 * that turns a silent operator offline (presence-sweeper.ts). Recorded only while the synced row says the
 * same presence; returns whether it did, so that a browser the sweep took offline reports its presence
 * again through presence.report (heartbeat-route.ts). After presence.report, in its transaction, it always
 * does.
 */
export async function recordPresenceHeartbeat(
  db: pg.ClientBase | pg.Pool,
  operatorId: string,
  presence: 'online' | 'away',
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO private.operator_heartbeat (operator_id, heard_at)
     SELECT id, now() FROM operator WHERE id = $1 AND presence = $2
     ON CONFLICT (operator_id) DO UPDATE SET heard_at = now()`,
    [operatorId, presence],
  );
  return rowCount === 1;
}
