import { VIEWER_STALE_MS } from '../../schema/conversation-viewers.ts';
import { PRESENCE_STALE_MS } from '../../schema/operator-presence.ts';
import type { Pool } from '../db/pool.ts';

/**
 * The sweep is what turns silence into offline (a closed laptop or a lost network cannot say so; browsers
 * show the presence the row holds). Marks operators offline whose last report (the private heartbeat, or the row's own last change) is older
 * than staleMs, keeping that report's time as when they were last seen; returns how many changed.
 */
export async function sweepPresence(pool: Pool, staleMs = PRESENCE_STALE_MS): Promise<number> {
  const { rowCount } = await pool.query(
    `WITH heard AS (
       SELECT o.id, greatest(o.last_seen_at, h.heard_at) AS at
         FROM operator o LEFT JOIN private.operator_heartbeat h ON h.operator_id = o.id
        WHERE o.presence <> 'offline')
     UPDATE operator o SET presence = 'offline', last_seen_at = heard.at, updated_at = now()
       FROM heard
      WHERE o.id = heard.id
        AND (heard.at IS NULL OR heard.at < now() - make_interval(secs => $1::double precision / 1000))`,
    [staleMs],
  );
  return rowCount ?? 0;
}

/**
 * Deletes "has this conversation open" rows whose heartbeat stopped (a tab closed without saying so): the
 * row's own last change and its private heartbeat both older than staleMs.
 */
export async function sweepConversationViewers(pool: Pool, staleMs = VIEWER_STALE_MS): Promise<number> {
  const { rowCount } = await pool.query(
    `DELETE FROM conversation_viewer v
      WHERE v.seen_at < now() - make_interval(secs => $1::double precision / 1000)
        AND NOT EXISTS (
          SELECT 1 FROM private.conversation_viewer_heartbeat h
           WHERE h.operator_id = v.operator_id AND h.conversation_id = v.conversation_id
             AND h.heard_at >= now() - make_interval(secs => $1::double precision / 1000))`,
    [staleMs],
  );
  return rowCount ?? 0;
}
