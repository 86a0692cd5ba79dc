import type { Operator } from '../../schema/schema.ts';

/**
 * A client reports 'online'/'away' with a heartbeat; a browser that closed or lost the network cannot say
 * 'offline', so a presence older than this is shown as offline.
 */
export const PRESENCE_STALE_MS = 3 * 60_000;

export function effectivePresence(
  o: Pick<Operator, 'presence' | 'lastSeenAt'>,
  now: number,
): 'online' | 'away' | 'offline' {
  if (o.presence === 'offline' || o.lastSeenAt == null) return 'offline';
  return now - o.lastSeenAt > PRESENCE_STALE_MS ? 'offline' : o.presence;
}
