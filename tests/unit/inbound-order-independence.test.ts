// The pure cores of the inbound pipeline give the same result for any delivery order and any number
// of repeats: the conversation summary after new customer messages, and a message's delivery fields
// after Meta's status events.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Delivery,
  foldStatuses,
  type IncomingStatus,
} from '../../server/conversations/fold-statuses.ts';
import {
  type ConversationState,
  emptyConversationState,
} from '../../server/inbound/find-or-create-conversation.ts';
import {
  type LastOutbound,
  type NewInbound,
  needsLastOutbound,
  type SummaryUpdate,
  summarizeInbound,
} from '../../server/inbound/update-conversation-summary.ts';

const T = 1_760_000_000_000;

function state(over: Partial<ConversationState> = {}): ConversationState {
  return {
    ...emptyConversationState({
      id: 'cv1',
      channelId: 'ch',
      contactId: 'ct',
      contactKey: '420',
      createdAt: T + 10_000_000,
    }),
    ...over,
  };
}

type Sent = Omit<NewInbound, 'arrival'>;

/**
 * Applies deliveries one webhook at a time, like the database does, feeding each result back in. A
 * message gets its arrival number when first stored (the next value of a sequence); repeats change
 * nothing. Returns the final summary and the arrival numbers given.
 */
function deliver(
  start: ConversationState,
  batches: Sent[][],
  lastOutbound: LastOutbound | null,
): { update: SummaryUpdate; arrival: Map<string, number> } {
  let s = start;
  const arrival = new Map<string, number>();
  let update: SummaryUpdate | null = null;
  for (const batch of batches) {
    const fresh: NewInbound[] = [];
    for (const m of batch) {
      if (arrival.has(m.id)) continue;
      arrival.set(m.id, arrival.size + 1);
      fresh.push({ ...m, arrival: arrival.size });
    }
    if (fresh.length === 0) continue;
    // Like apply-webhook-batch: the reply time is looked up only when the summary needs it.
    update = summarizeInbound(s, fresh, needsLastOutbound(s, fresh) ? lastOutbound : null);
    s = {
      ...s,
      lastMessageId: update.last?.id ?? s.lastMessageId,
      lastMessageAt: update.last?.at ?? s.lastMessageAt,
      lastMessageArrival: update.last?.arrival ?? s.lastMessageArrival,
      lastMessageDirection: update.last ? 'in' : s.lastMessageDirection,
      unreadCount: update.unreadCount,
      awaitingReply: update.awaitingReply,
      awaitingSince: update.awaitingSince,
      customerLastMessageAt: update.customerLastMessageAt,
      createdAt: update.createdAt,
    };
  }
  if (!update) throw new Error('nothing delivered');
  const last = s.lastMessageId
    ? { id: s.lastMessageId, at: s.lastMessageAt ?? 0, arrival: s.lastMessageArrival ?? 0, preview: '' }
    : null;
  return { update: { ...update, last, waitingDelta: 0, unreadDelta: 0 }, arrival };
}

const messages = fc.uniqueArray(
  fc.record({
    id: fc.stringMatching(/^m_[a-z0-9]{4}$/),
    // Few distinct seconds: bursts within one second (equal timestamps) are common.
    at: fc.integer({ min: 0, max: 20 }).map((s) => T + s * 1000),
    preview: fc.constant(''),
  }),
  { minLength: 1, maxLength: 8, selector: (m) => m.id },
);

describe('summarizeInbound', () => {
  it('ends in the same state for any order, batching and duplication of the same messages', () => {
    fc.assert(
      fc.property(
        messages,
        fc.array(fc.nat(), { maxLength: 20 }),
        // The reply may share a second with customer messages (it was stored first: arrival 0).
        fc.option(
          fc
            .tuple(fc.integer({ min: 0, max: 20 }), fc.boolean())
            .map(([s, tie]) => T + s * 1000 + (tie ? 0 : 500)),
          { nil: null },
        ),
        (msgs, cuts, replyAt) => {
          // The business replied at replyAt (if any): the conversation's last message is that reply.
          const reply = replyAt === null ? null : { at: replyAt, arrival: 0, id: 'out_1' };
          const start = reply
            ? state({
                lastMessageId: reply.id,
                lastMessageAt: reply.at,
                lastMessageArrival: reply.arrival,
                lastMessageDirection: 'out',
                created: false,
              })
            : state();
          const inOrder = deliver(
            start,
            [msgs.slice().sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))],
            reply,
          ).update;
          // Same messages, shuffled, split into arbitrary webhooks, some delivered twice.
          const shuffled = [
            ...msgs,
            ...msgs.filter((_, i) => cuts[i] !== undefined && cuts[i] % 2 === 0),
          ].sort((a, b) => ((cuts[msgs.indexOf(a)] ?? 0) % 7) - ((cuts[msgs.indexOf(b)] ?? 0) % 7));
          const batches: Sent[][] = [];
          let i = 0;
          for (const cut of cuts) {
            if (i >= shuffled.length) break;
            const size = 1 + (cut % 3);
            batches.push(shuffled.slice(i, i + size));
            i += size;
          }
          if (i < shuffled.length) batches.push(shuffled.slice(i));
          const { update, arrival } = deliver(start, batches, reply);
          // Everything but the last message is independent of the delivery order.
          expect({ ...update, last: null }).toEqual({ ...inOrder, last: null });
          // The last message is the newest by Meta's time, ties broken by first arrival (the model).
          // A customer message in the reply's second arrived after it: it comes after the reply.
          const newer = msgs.filter((m) => replyAt === null || m.at >= replyAt);
          const expected = newer.reduce<Sent | null>(
            (best, m) =>
              best === null ||
              m.at > best.at ||
              (m.at === best.at && (arrival.get(m.id) ?? 0) > (arrival.get(best.id) ?? 0))
                ? m
                : best,
            null,
          );
          expect(update.last?.id ?? null).toBe(expected ? expected.id : replyAt ? 'out_1' : null);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('orders a burst within one second by arrival: the last to arrive is the last message', () => {
    const burst = ['K5', 'K6', 'K7', 'K8'].map((id) => ({ id: `m_${id}`, at: T, preview: id }));
    const one = (order: number[]) =>
      deliver(
        state(),
        order.map((n) => [burst[n] as Sent]),
        null,
      ).update.last?.id;
    expect(one([0, 1, 2, 3])).toBe('m_K8');
    // Ids that sort the other way round do not matter; a redelivery does not move a message.
    expect(one([3, 2, 1, 0])).toBe('m_K5');
    expect(one([2, 0, 3, 1, 3, 0])).toBe('m_K6');
  });

  it('lights the lighthouse from the earliest message after the business’s reply, never before it', () => {
    const reply = { at: T + 60_000, arrival: 0, id: 'out' };
    const s = state({
      lastMessageId: 'out',
      lastMessageAt: reply.at,
      lastMessageArrival: 0,
      lastMessageDirection: 'out',
      created: false,
    });
    const before = summarizeInbound(s, [{ id: 'm_a', at: T + 30_000, arrival: 1, preview: '' }], reply);
    expect(before).toMatchObject({
      awaitingReply: false,
      awaitingSince: null,
      last: null,
      unreadCount: 1,
      waitingDelta: 0,
      unreadDelta: 1,
    });
    const after = summarizeInbound(
      s,
      [
        { id: 'm_c', at: T + 90_000, arrival: 2, preview: 'later' },
        { id: 'm_b', at: T + 70_000, arrival: 3, preview: 'earlier' },
      ],
      reply,
    );
    expect(after).toMatchObject({
      awaitingReply: true,
      awaitingSince: T + 70_000,
      waitingDelta: 1,
      unreadDelta: 1,
    });
    expect(after.last?.preview).toBe('later');
    expect(after.customerLastMessageAt).toBe(T + 90_000);
  });
});

const statusEvents = fc.array(
  fc.record({
    status: fc.constantFrom('sent', 'delivered', 'read', 'failed', 'played', 'deleted'),
    at: fc.integer({ min: 0, max: 10 }).map((s) => T + s * 1000),
    error: fc.constant({ code: 131026, title: 'Message undeliverable', detail: 'x' }),
  }),
  { minLength: 1, maxLength: 8 },
);

const pending: Delivery = {
  status: 'pending',
  sentAt: null,
  deliveredAt: null,
  readAt: null,
  failedAt: null,
  errorCode: null,
  errorTitle: null,
  errorDetail: null,
};

describe('foldStatuses', () => {
  it('is independent of order, batching and repeats', () => {
    fc.assert(
      fc.property(statusEvents, fc.array(fc.nat(), { maxLength: 10 }), (events, order) => {
        const once = foldStatuses(pending, events);
        const shuffled = [...events, ...events].sort(
          (a, b) => (order[events.indexOf(a)] ?? 0) - (order[events.indexOf(b)] ?? 0),
        );
        let state = pending;
        for (const e of shuffled) state = foldStatuses(state, [e as IncomingStatus]);
        expect(state).toEqual(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('never goes back, keeps failure details only while failed, and ignores inbound messages', () => {
    const read = foldStatuses(pending, [{ status: 'read', at: T + 3, error: null }]);
    expect(foldStatuses(read, [{ status: 'delivered', at: T + 2, error: null }])).toMatchObject({
      status: 'read',
      deliveredAt: T + 2,
    });
    const failed = foldStatuses(pending, [
      { status: 'failed', at: T, error: { code: 131047, title: 'Re-engagement message', detail: '24 h' } },
    ]);
    expect(failed).toMatchObject({
      status: 'failed',
      errorCode: 131047,
      errorTitle: 'Re-engagement message',
      errorDetail: '24 h',
    });
    expect(foldStatuses(failed, [{ status: 'sent', at: T, error: null }]).status).toBe('failed');
    expect(foldStatuses(failed, [{ status: 'delivered', at: T + 1, error: null }])).toMatchObject({
      status: 'delivered',
      errorCode: null,
      failedAt: T,
    });
    const inbound = { ...pending, status: 'received' };
    expect(foldStatuses(inbound, [{ status: 'read', at: T, error: null }])).toBe(inbound);
  });
});
