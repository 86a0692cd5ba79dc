// Meta delivers at least once and in no particular order. The same events delivered once in order,
// or twice each in shuffled order, must leave the database in the same state, with every message
// stored once and the counters equal to a recount.
import { afterAll, describe, expect, it } from 'vitest';
import { applyPendingStatuses } from '../../server/conversations/apply-pending-statuses.ts';
import { snapshot } from '../support/db-snapshot.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import {
  fixtureMessage,
  fixtureStatus,
  messagesWebhook,
  statusesWebhook,
} from '../support/webhook-fixtures.ts';
import { createHarness, type Harness, recountStats, shuffle } from './inbound-harness.ts';

const T0 = 1_760_000_000;
const CUSTOMERS = ['420777100200', '16505551234', '447700900123', '4915112345678'];
type Body = Record<string, unknown>;

type Scenario = {
  first: Body[];
  outbound: { customer: string; id: string; wamid: string | null; at: number }[];
  events: Body[];
  lateWamids: { id: string; wamid: string }[];
};

/** A realistic stretch of traffic for a few customers, built deterministically. */
function buildScenario(): Scenario {
  const first: Body[] = [];
  const outbound: Scenario['outbound'] = [];
  const events: Body[] = [];
  const lateWamids: Scenario['lateWamids'] = [];
  CUSTOMERS.forEach((from, c) => {
    const base = T0 + c * 1000;
    const w = (n: number) => `wamid.SCENARIO${c}X${n}`;
    const names = { [from]: `Customer ${c}` };
    first.push(
      messagesWebhook([fixtureMessage.text('Hello?', { from, wamid: w(0), timestamp: base })], { names }),
    );
    const reply = { customer: from, id: `out-${c}-1`, wamid: w(100), at: base + 60 };
    const second = { customer: from, id: `out-${c}-2`, wamid: w(101), at: base + 300 };
    const late = { customer: from, id: `out-${c}-3`, wamid: null, at: base + 400 };
    outbound.push(reply, second, late);
    lateWamids.push({ id: late.id, wamid: w(102) });
    const msg = (
      n: number,
      at: number,
      build: (o: { from: string; wamid: string; timestamp: number }) => Body,
    ) => events.push(messagesWebhook([build({ from, wamid: w(n), timestamp: at })], { names }));
    // Delayed: written before the operator's reply, delivered with the rest.
    msg(1, base + 30, (o) => fixtureMessage.text('Are you there?', o));
    msg(2, base + 120, (o) => fixtureMessage.text('Thanks! One more thing', o));
    msg(3, base + 120, (o) => fixtureMessage.text('Same second as the previous one', o));
    msg(4, base + 121, (o) => fixtureMessage.image({ ...o, caption: 'Photo of the box' }));
    msg(5, base + 122, (o) => fixtureMessage.text('Quoting my first message', { ...o, replyTo: w(0) }));
    msg(6, base + 123, (o) => fixtureMessage.text('Quoting your reply', { ...o, replyTo: reply.wamid }));
    msg(7, base + 124, (o) => fixtureMessage.text('Quoting a later message', { ...o, replyTo: w(8) }));
    msg(8, base + 125, (o) => fixtureMessage.location({ ...o, name: 'Home' }));
    // Reactions: to our reply (changed), to the customer's own message (removed), to a not yet
    // recorded outbound message.
    msg(20, base + 130, (o) => fixtureMessage.reaction(reply.wamid, '👍', o));
    msg(21, base + 131, (o) => fixtureMessage.reaction(reply.wamid, '❤️', o));
    msg(22, base + 132, (o) => fixtureMessage.reaction(w(2), '😮', o));
    msg(23, base + 133, (o) => fixtureMessage.reaction(w(2), undefined, o));
    msg(24, base + 410, (o) => fixtureMessage.reaction(w(102), '🙏', o));
    msg(9, base + 500, (o) => fixtureMessage.text('Last words', o));
    // Statuses, one per POST like Meta usually sends them.
    const st = (s: Body) => events.push(statusesWebhook([s]));
    st(fixtureStatus.sent(reply.wamid, { recipient: from, timestamp: base + 61 }));
    st(fixtureStatus.delivered(reply.wamid, { recipient: from, timestamp: base + 62 }));
    st(fixtureStatus.read(reply.wamid, { recipient: from, timestamp: base + 63 }));
    st(fixtureStatus.sent(second.wamid, { recipient: from, timestamp: base + 301 }));
    st(fixtureStatus.failed(second.wamid, undefined, { recipient: from, timestamp: base + 302 }));
    st(fixtureStatus.sent(w(102), { recipient: from, timestamp: base + 401 }));
    st(fixtureStatus.delivered(w(102), { recipient: from, timestamp: base + 402 }));
  });
  return { first, outbound, events, lateWamids };
}

/** The operator's replies, written the way the outbox does (lighthouse off, counters in step). */
async function reply(db: TestDatabase, o: Scenario['outbound'][number]) {
  const { rows } = await db.pool.query(
    `SELECT c.id, c.channel_id, c.awaiting_reply FROM conversation c JOIN contact ct ON ct.id = c.contact_id
      WHERE ct.wa_id = $1`,
    [o.customer],
  );
  const conv = rows[0];
  const at = new Date(o.at * 1000);
  await db.pool.query(
    `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status, created_at)
     VALUES ($1, $2, $3, 'out', 'text', 'Reply', $4, $5)`,
    [o.id, conv.id, o.wamid, o.wamid ? 'sent' : 'pending', at],
  );
  await db.pool.query(
    `UPDATE conversation SET last_message_id = $2, last_message_at = $3, last_message_direction = 'out',
            last_message_status = $4, last_message_preview = 'Reply', awaiting_reply = false, awaiting_since = NULL
      WHERE id = $1`,
    [conv.id, o.id, at, o.wamid ? 'sent' : 'pending'],
  );
  if (conv.awaiting_reply)
    await db.pool.query('UPDATE channel_stats SET waiting_count = waiting_count - 1 WHERE channel_id = $1', [
      conv.channel_id,
    ]);
}

async function recordLateWamids(db: TestDatabase, late: Scenario['lateWamids']) {
  for (const l of late) {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`UPDATE message SET wamid = $2, status = 'sent' WHERE id = $1`, [l.id, l.wamid]);
      await applyPendingStatuses(client, l.id, l.wamid);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }
}

async function run(h: Harness, db: TestDatabase, scenario: Scenario, deliveries: Body[]) {
  for (const body of scenario.first) expect((await h.post(body)).status).toBe(200);
  for (const o of scenario.outbound) await reply(db, o);
  for (const body of deliveries) expect((await h.post(body)).status).toBe(200);
  await recordLateWamids(db, scenario.lateWamids);
}

const dbs: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.drop()));
});

describe('delivery order and duplicates', () => {
  it('twice each, shuffled, ends exactly like once in order', async () => {
    const scenario = buildScenario();
    const inOrderDb = await createTestDatabase();
    dbs.push(inOrderDb);
    await run(await createHarness(inOrderDb), inOrderDb, scenario, scenario.events);
    const expected = await snapshot(inOrderDb);

    // Sanity of the reference run itself.
    expect(expected.messages.filter((m) => m.direction === 'in')).toHaveLength(CUSTOMERS.length * 10);
    expect(expected.conversations).toHaveLength(CUSTOMERS.length);
    expect(expected.pendingStatuses).toEqual([]);
    expect(expected.stats).toEqual(await recountStats(inOrderDb));
    const c0 = expected.conversations.find((c) => c.wa_id === CUSTOMERS[0]);
    expect(c0).toMatchObject({ unread_count: 10, awaiting_reply: true, last_message_preview: 'Last words' });
    const reactions = expected.reactions.filter((r) => String(r.wamid).startsWith('wamid.SCENARIO0X'));
    expect(reactions.map((r) => [r.wamid, r.emoji])).toEqual([
      ['wamid.SCENARIO0X100', '❤️'],
      ['wamid.SCENARIO0X102', '🙏'],
    ]);
    const byWamid = new Map(expected.messages.map((m) => [m.wamid, m]));
    expect(byWamid.get('wamid.SCENARIO0X100')?.status).toBe('read');
    expect(byWamid.get('wamid.SCENARIO0X101')).toMatchObject({ status: 'failed', error_code: 131047 });
    expect(byWamid.get('wamid.SCENARIO0X102')?.status).toBe('delivered');
    expect(byWamid.get('wamid.SCENARIO0X7')?.reply_to_message_id).toBe(byWamid.get('wamid.SCENARIO0X8')?.id);
    expect(byWamid.get('wamid.SCENARIO0X6')?.reply_to_message_id).toBe('out-0-1');
    // Messages written before the business's last reply (at +400) do not light the lighthouse: it
    // waits since the first customer message after that reply.
    expect(c0?.awaiting_since).toEqual(new Date((T0 + 500) * 1000));

    for (const seed of [7, 42, 2024]) {
      const db = await createTestDatabase();
      dbs.push(db);
      const twice = shuffle([...scenario.events, ...scenario.events], seed);
      await run(await createHarness(db), db, scenario, twice);
      const actual = await snapshot(db);
      expect(actual, `seed ${seed}`).toEqual(expected);
      expect(actual.stats).toEqual(await recountStats(db));
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM private.webhook_event');
      expect(rows[0].n).toBe(scenario.first.length + twice.length);
    }
  });

  it('applies a whole batch identically whatever the order of its items', async () => {
    const scenario = buildScenario();
    const items = scenario.events.flatMap((b) => {
      const value = (b.entry as { changes: { value: { messages?: Body[]; statuses?: Body[] } }[] }[])[0]
        ?.changes[0]?.value;
      return [...(value?.messages ?? []).map((m) => ({ m })), ...(value?.statuses ?? []).map((s) => ({ s }))];
    });
    const asBody = (list: typeof items): Body => {
      const messages = list.flatMap((i) => ('m' in i ? [i.m] : []));
      const statuses = list.flatMap((i) => ('s' in i ? [i.s] : []));
      const body = messagesWebhook(messages);
      const value = (body.entry as { changes: { value: Body }[] }[])[0]?.changes[0]?.value;
      if (value) value.statuses = statuses;
      return body;
    };
    const results = [];
    for (const seed of [1, 99]) {
      const db = await createTestDatabase();
      dbs.push(db);
      const h = await createHarness(db);
      await run(h, db, scenario, [asBody(shuffle(items, seed))]);
      results.push(await snapshot(db));
      expect(results.at(-1)?.stats).toEqual(await recountStats(db));
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0]?.messages.filter((m) => m.direction === 'in')).toHaveLength(CUSTOMERS.length * 10);
  });
});

describe('a burst within one second (Meta’s timestamps are whole seconds)', () => {
  // Wamids whose derived message ids sort in no particular relation to the burst's order.
  const burst = ['K5', 'K6', 'K7', 'K8'].map((text, i) =>
    fixtureMessage.text(text, {
      from: '420777300400',
      wamid: `wamid.BURST${(i * 7919) % 13}X${text}`,
      timestamp: T0,
    }),
  );
  const thread = async (db: TestDatabase) =>
    (
      await db.pool.query(`SELECT body FROM message WHERE direction = 'in' ORDER BY created_at, arrival, id`)
    ).rows.map((r) => r.body);
  const lastPreview = async (db: TestDatabase) =>
    (await db.pool.query('SELECT last_message_preview FROM conversation')).rows[0]?.last_message_preview;

  it('keeps the order of arrival, one POST after another, and a redelivery moves nothing', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const h = await createHarness(db);
    for (const m of burst) expect((await h.post(messagesWebhook([m]))).status).toBe(200);
    expect(await thread(db)).toEqual(['K5', 'K6', 'K7', 'K8']);
    expect(await lastPreview(db)).toBe('K8');
    expect((await h.post(messagesWebhook([burst[1] as Body]))).status).toBe(200);
    expect(await thread(db)).toEqual(['K5', 'K6', 'K7', 'K8']);
    expect(await lastPreview(db)).toBe('K8');
  });

  it('keeps the order within one body, and the order in which concurrent bodies were received', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const h = await createHarness(db);
    expect((await h.post(messagesWebhook(burst.slice(0, 2)))).status).toBe(200);
    // K7 and K8 reach the endpoint together: they share a group commit, in the order received.
    const statuses = await Promise.all(
      burst.slice(2).map((m) => h.post(messagesWebhook([m])).then((r) => r.status)),
    );
    expect(statuses).toEqual([200, 200]);
    expect(await thread(db)).toEqual(['K5', 'K6', 'K7', 'K8']);
    expect(await lastPreview(db)).toBe('K8');
  });
});
