import type { Operator } from '../../schema/schema.ts';

/**
 * When an operator was last active, as the Operators tables show it. An operator shown online or away is
 * connected now (their browser reports every 45 s, and the server's sweep turns silence into offline);
 * the row keeps the time of their last report only once they are offline. Null: never signed in.
 */
export function lastActiveAt(o: Pick<Operator, 'presence' | 'lastSeenAt'>, now: number): number | null {
  return o.presence === 'offline' ? (o.lastSeenAt ?? null) : now;
}
