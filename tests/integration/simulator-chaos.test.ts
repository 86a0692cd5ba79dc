// With every webhook delivered twice, statuses out of order and events batched, the product still ends
// with each message once, every outbound message read, and counters equal to a recount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepPendingEvents } from '../../server/inbound/sweep-pending-events.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { recountStats } from './inbound-harness.ts';
import { createSimHarness, type SimHarness } from './simulator-harness.ts';

let db: TestDatabase;
let h: SimHarness;

function seeded(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createSimHarness(db, {
    random: seeded(7),
    config: {
      inboundDelayMs: [0, 30],
      sentDelayMs: [5, 40],
      deliveredDelayMs: [5, 40],
      autoReadDelayMs: [5, 40],
      duplicateRate: 1,
      reorderRate: 1,
      batchWindowMs: 25,
    },
  });
});
afterAll(() => db.drop());

describe('simulator chaos', () => {
  it('duplicates, reordering and batching change nothing in the end', async () => {
    const customers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await h.sim('POST', '/customers', { name: `Chaos ${i}` });
      customers.push(res.json.customer.waId);
    }
    // Everyone writes three messages at once: the simulator batches what is due together.
    await Promise.all(
      customers.flatMap((waId) =>
        [1, 2, 3].map((n) =>
          h.sim('POST', `/customers/${waId}/messages`, { type: 'text', text: `msg ${n}` }),
        ),
      ),
    );
    await h.idle();

    const client = await h.graph();
    const { rows: convs } = await db.pool.query(
      `SELECT c.id, ct.wa_id FROM conversation c JOIN contact ct ON ct.id = c.contact_id`,
    );
    for (const conv of convs) {
      for (let n = 0; n < 2; n++) {
        const sent = await client.sendText(conv.wa_id, `reply ${n}`);
        await db.pool.query(
          `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status)
           VALUES ($1, $2, $3, 'out', 'text', $4, 'sent')`,
          [`out-${sent.wamid.slice(-12)}`, conv.id, sent.wamid, `reply ${n}`],
        );
      }
    }
    await h.idle();
    // What raced ahead of the outbox's bookkeeping is applied by the sweeper (every few seconds in the product).
    await sweepPendingEvents(db.pool);

    const { rows: inbound } = await db.pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT wamid)::int AS d FROM message WHERE direction = 'in'`,
    );
    expect(inbound[0]).toEqual({ n: 12, d: 12 });
    const { rows: outbound } = await db.pool.query(`SELECT status FROM message WHERE direction = 'out'`);
    expect(outbound.map((r) => r.status)).toEqual(Array(8).fill('read'));
    const { rows: conversations } = await db.pool.query(
      'SELECT unread_count, awaiting_reply FROM conversation',
    );
    expect(conversations).toEqual(Array(4).fill({ unread_count: 3, awaiting_reply: true }));
    const { rows: stats } = await db.pool.query(
      'SELECT channel_id, waiting_count, unread_count FROM channel_stats ORDER BY channel_id',
    );
    expect(stats).toEqual(await recountStats(db));

    // Every POST was delivered twice, and messages due together travelled together.
    const { rows: events } = await db.pool.query(
      `SELECT count(*)::int AS posts, count(DISTINCT body_sha256)::int AS bodies FROM private.webhook_event`,
    );
    expect(events[0].posts).toBe(events[0].bodies * 2);
    const { rows: batched } = await db.pool.query(
      `SELECT count(*)::int AS n FROM private.webhook_event
        WHERE jsonb_array_length(body -> 'entry' -> 0 -> 'changes' -> 0 -> 'value' -> 'messages') > 1`,
    );
    expect(batched[0].n).toBeGreaterThan(0);
    // Out of order really happened: some `read` reached the product before its `delivered`.
    const { rows: order } = await db.pool.query(
      `SELECT s.value ->> 'id' AS wamid, s.value ->> 'status' AS status, min(e.id) AS first
         FROM private.webhook_event e,
              jsonb_array_elements(e.body -> 'entry' -> 0 -> 'changes') ch,
              jsonb_array_elements(ch -> 'value' -> 'statuses') s
        GROUP BY 1, 2`,
    );
    const firstSeen = new Map(order.map((r) => [`${r.wamid}:${r.status}`, Number(r.first)]));
    const inverted = [...new Set(order.map((r) => r.wamid))].filter(
      (w) =>
        (firstSeen.get(`${w}:read`) ?? 0) < (firstSeen.get(`${w}:delivered`) ?? 0) ||
        (firstSeen.get(`${w}:delivered`) ?? 0) < (firstSeen.get(`${w}:sent`) ?? 0),
    );
    expect(inverted.length).toBeGreaterThan(0);
  });
});
