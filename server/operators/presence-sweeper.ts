import { VIEWER_STALE_MS } from '../../schema/conversation-viewers.ts';
import type { Pool } from '../db/pool.ts';

/** Clients report presence every minute or so; two missed heartbeats and the operator shows offline. */
export const PRESENCE_STALE_MS = 2 * 60_000;

/** Marks operators offline whose last report is older than staleMs; returns how many changed. */
export async function sweepPresence(pool: Pool, staleMs = PRESENCE_STALE_MS): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE operator SET presence = 'offline', updated_at = now()
      WHERE presence <> 'offline'
        AND (last_seen_at IS NULL OR last_seen_at < now() - make_interval(secs => $1::double precision / 1000))`,
    [staleMs],
  );
  return rowCount ?? 0;
}

/** Deletes "has this conversation open" rows whose heartbeat stopped (a tab closed without saying so). */
export async function sweepConversationViewers(pool: Pool, staleMs = VIEWER_STALE_MS): Promise<number> {
  const { rowCount } = await pool.query(
    `DELETE FROM conversation_viewer WHERE seen_at < now() - make_interval(secs => $1::double precision / 1000)`,
    [staleMs],
  );
  return rowCount ?? 0;
}
