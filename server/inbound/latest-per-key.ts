/**
 * One event per key, so that redeliveries and any delivery order end the same: the latest by Meta's
 * time (`at`); at the same time, one that `winsTie` prefers replaces the one seen first.
 */
export function latestPerKey<T extends { at: number }>(
  events: readonly T[],
  keyOf: (event: T) => string,
  winsTie: (event: T) => boolean = () => false,
): T[] {
  const latest = new Map<string, T>();
  for (const event of events) {
    const seen = latest.get(keyOf(event));
    if (!seen || event.at > seen.at || (event.at === seen.at && winsTie(event)))
      latest.set(keyOf(event), event);
  }
  return [...latest.values()];
}
