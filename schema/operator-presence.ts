// The rules of an operator's presence (online, away, offline): how often a browser says it is still
// there, and when silence means offline. Shared by the browser (heartbeat) and the server (sweep).

/** A signed-in browser reports its presence this often, besides every focus, blur or visibility change. */
export const PRESENCE_HEARTBEAT_MS = 45_000;
/** Two missed heartbeats and more: the server's sweep shows the operator offline. */
export const PRESENCE_STALE_MS = 2 * 60_000;

/**
 * When an operator was last active, as the Operators tables and the REST API show it. An operator shown
 * online or away is connected now (their browser beats, and the sweep turns silence into offline); the
 * row keeps the time of their last report only once they are offline. Null: never signed in.
 */
export function lastActiveAt(
  o: { presence: string; lastSeenAt?: number | null },
  now: number,
): number | null {
  return o.presence === 'offline' ? (o.lastSeenAt ?? null) : now;
}
