import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf } from '../../client/app/day-of.ts';
import { buildThreadItems, dayLabel, groupReactions } from '../../client/conversation/thread-items.ts';

const at = (iso: string) => Date.parse(iso);
const msg = (id: string, iso: string, direction: 'in' | 'out' = 'in') => ({
  id,
  createdAt: at(iso),
  direction,
});

describe('buildThreadItems', () => {
  it('orders oldest first with a separator per day in the given time zone', () => {
    // Newest first, as messages.byConversation returns them.
    const items = buildThreadItems(
      [
        msg('d', '2025-03-02T08:00:00Z', 'out'),
        msg('c', '2025-03-01T23:30:00Z'),
        msg('b', '2025-03-01T10:00:00Z'),
        msg('a', '2025-02-28T10:00:00Z'),
      ],
      'Europe/Prague',
    );
    expect(
      items.map((i) =>
        i.kind === 'day' ? `day ${i.day}` : i.kind === 'message' ? i.message.id : i.event.id,
      ),
    ).toEqual([
      'day 2025-02-28',
      'a',
      'day 2025-03-01',
      'b',
      // 23:30 UTC is already 2 March in Prague.
      'day 2025-03-02',
      'c',
      'd',
    ]);
  });

  it('marks only the latest customer message (where New request / Add to request go)', () => {
    const items = buildThreadItems(
      [
        msg('3', '2025-03-01T12:00:00Z', 'out'),
        msg('2', '2025-03-01T11:00:00Z'),
        msg('1', '2025-03-01T10:00:00Z'),
      ],
      'UTC',
    );
    const flagged = items.flatMap((i) => (i.kind === 'message' && i.lastFromCustomer ? [i.message.id] : []));
    expect(flagged).toEqual(['2']);
    expect(buildThreadItems([], 'UTC')).toEqual([]);
  });
});

describe('system events in the thread', () => {
  const label = (i: { kind: string; day?: string; message?: { id: string }; event?: { id: string } }) =>
    i.kind === 'day' ? `day ${i.day}` : (i.message?.id ?? `event ${i.event?.id}`);
  const newestFirst = [msg('c', '2025-03-02T08:00:00Z', 'out'), msg('b', '2025-03-01T10:00:00Z')];

  it('places events among the messages by time, before a message of the same instant, with day breaks', () => {
    const events = [
      { id: 'resolved', at: at('2025-03-02T09:00:00Z') },
      { id: 'reopened', at: at('2025-03-01T10:00:00Z') },
      { id: 'assigned', at: at('2025-03-01T12:00:00Z') },
    ];
    expect(buildThreadItems(newestFirst, 'UTC', events).map(label)).toEqual([
      'day 2025-03-01',
      'event reopened',
      'b',
      'event assigned',
      'day 2025-03-02',
      'c',
      'event resolved',
    ]);
  });

  it('leaves out events older than the loaded messages while older ones are still to load', () => {
    const events = [{ id: 'old', at: at('2025-02-01T10:00:00Z') }];
    expect(buildThreadItems(newestFirst, 'UTC', events, true).map(label)).not.toContain('event old');
    expect(buildThreadItems(newestFirst, 'UTC', events, false).map(label)).toContain('event old');
  });
});

describe('day labels', () => {
  it('says Today and Yesterday, a full date otherwise', () => {
    const now = at('2025-03-10T12:00:00Z');
    expect(dayLabel(dayOf(now, 'UTC'), now, 'UTC')).toBe('Today');
    expect(dayLabel('2025-03-09', now, 'UTC')).toBe('Yesterday');
    expect(dayLabel('2025-01-05', now, 'UTC', 'en-GB')).toMatch(/^Sunday,? 5 January 2025$/);
  });
});

describe('groupReactions', () => {
  it('groups by emoji, counts actors and marks the operator’s own', () => {
    expect(
      groupReactions(
        [
          { emoji: '👍', actor: 'customer' },
          { emoji: '❤️', actor: 'op-a' },
          { emoji: '👍', actor: 'op-me' },
          { emoji: '', actor: 'op-b' },
        ],
        'op-me',
      ),
    ).toEqual([
      { emoji: '👍', count: 2, mine: true, actors: ['customer', 'op-me'] },
      { emoji: '❤️', count: 1, mine: false, actors: ['op-a'] },
    ]);
  });
});

describe('dayOf', () => {
  const direct = (ms: number, timeZone: string) => {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(new Date(ms));
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  };
  // Quarter- and half-hour offsets, both hemispheres' daylight saving, the date line.
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/St_Johns',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Australia/Eucla',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Pacific/Kiritimati',
    'America/Los_Angeles',
  ];

  it('gives the calendar day of the instant in the zone, around midnights and clock changes too', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        // 2020–2030, and instants a few minutes apart (a thread's burst straddling a midnight).
        fc.integer({ min: 1_577_836_800_000, max: 1_893_456_000_000 }),
        fc.array(fc.integer({ min: -3_600_000, max: 3_600_000 }), { minLength: 1, maxLength: 20 }),
        (zone, base, offsets) => {
          for (const d of offsets) expect(dayOf(base + d, zone)).toBe(direct(base + d, zone));
        },
      ),
      { numRuns: 300 },
    );
  });
});
