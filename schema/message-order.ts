// The one order of a thread's messages, newest first: Meta's time (whole seconds for customers'
// messages), then the order of first arrival at our endpoint (a burst within one second), then the id.
// The synced thread query (schema/queries.ts) orders by the same three columns.

type Ordered = {
  readonly id: string;
  readonly createdAt: number;
  readonly arrival?: number | null | undefined;
};

/** Comparator for Array.prototype.sort: newest message first. */
export function newestFirst(a: Ordered, b: Ordered): number {
  return (
    b.createdAt - a.createdAt ||
    (b.arrival ?? 0) - (a.arrival ?? 0) ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}

/** Whether message `a` comes after `b` in the thread (a missing `b` comes before everything). */
export function isAfter(
  a: { at: number; arrival: number | null; id: string },
  b: { at: number | null; arrival: number | null; id: string | null },
): boolean {
  if (b.at === null) return true;
  if (a.at !== b.at) return a.at > b.at;
  if ((a.arrival ?? 0) !== (b.arrival ?? 0)) return (a.arrival ?? 0) > (b.arrival ?? 0);
  return a.id > (b.id ?? '');
}
