import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InboundArrivals, type InboundRow } from '../../client/alerts/inbound-arrivals.ts';

const row = (id: string, lastMessageAt: number, unreadCount = 1): InboundRow => ({
  id,
  lastMessageAt,
  unreadCount,
});
const ids = (rows: InboundRow[]) => rows.map((r) => r.id);

describe('InboundArrivals', () => {
  it('takes the first snapshot as the baseline: what was there before the screen opened does not alert', () => {
    const arrivals = new InboundArrivals(3);
    expect(arrivals.next([row('a', 30), row('b', 20)])).toEqual([]);
  });

  it('alerts for a new conversation and for a newer message in a known one, once each', () => {
    const arrivals = new InboundArrivals(3);
    arrivals.next([row('a', 30), row('b', 20)]);
    expect(ids(arrivals.next([row('c', 40), row('a', 30), row('b', 20)]))).toEqual(['c']);
    expect(ids(arrivals.next([row('b', 50), row('c', 40), row('a', 30)]))).toEqual(['b']);
    // The same snapshot again (a re-render, a reconnect) alerts for nothing.
    expect(arrivals.next([row('b', 50), row('c', 40), row('a', 30)])).toEqual([]);
  });

  it("alerts for a second message in the same second (Meta's times are whole seconds), told by the unread count", () => {
    const arrivals = new InboundArrivals(3);
    arrivals.next([row('a', 30)]);
    expect(ids(arrivals.next([row('a', 40, 1)]))).toEqual(['a']);
    expect(ids(arrivals.next([row('a', 40, 2)]))).toEqual(['a']);
    // Read, then the same snapshot again: nothing.
    expect(arrivals.next([row('a', 40, 0)])).toEqual([]);
    expect(arrivals.next([row('a', 40, 0)])).toEqual([]);
  });

  it('does not alert for a message already read elsewhere', () => {
    const arrivals = new InboundArrivals(3);
    arrivals.next([row('a', 30)]);
    expect(arrivals.next([row('a', 35, 0)])).toEqual([]);
  });

  it('does not alert for an older conversation that enters the full window because a newer one left it', () => {
    const arrivals = new InboundArrivals(2);
    arrivals.next([row('a', 30), row('b', 20)]);
    // An operator answered "a": the customer's message is no longer its last, and "z" (older) moves up.
    expect(arrivals.next([row('b', 20), row('z', 10)])).toEqual([]);
    // A window that was not full held every inbound conversation: anything unseen is new.
    const sparse = new InboundArrivals(5);
    sparse.next([row('a', 30)]);
    expect(ids(sparse.next([row('a', 30), row('late', 5)]))).toEqual(['late']);
  });

  it('alerts for each (conversation, newer message) at most once whatever the sequence of snapshots', () => {
    const snapshot = fc
      .uniqueArray(
        fc.record({
          id: fc.constantFrom('a', 'b', 'c', 'd'),
          lastMessageAt: fc.integer({ min: 1, max: 20 }),
        }),
        {
          selector: (r) => r.id,
          maxLength: 3,
        },
      )
      .map((rows) =>
        rows.map((r) => ({ ...r, unreadCount: 1 })).sort((x, y) => y.lastMessageAt - x.lastMessageAt),
      );
    fc.assert(
      fc.property(fc.array(snapshot, { minLength: 1, maxLength: 12 }), (snapshots) => {
        const arrivals = new InboundArrivals(3);
        const newest = new Map<string, number>();
        const alerted = new Set<string>();
        for (const s of snapshots) {
          for (const r of arrivals.next(s)) {
            const key = `${r.id}@${r.lastMessageAt}`;
            expect(alerted.has(key)).toBe(false);
            alerted.add(key);
            // Only a message newer than any seen before for that conversation.
            expect(r.lastMessageAt).toBeGreaterThan(newest.get(r.id) ?? -1);
          }
          for (const r of s) newest.set(r.id, Math.max(newest.get(r.id) ?? -1, r.lastMessageAt));
        }
      }),
    );
  });
});
