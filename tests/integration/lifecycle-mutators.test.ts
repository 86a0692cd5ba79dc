import type { ApplicationError } from '@rocicorp/zero';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ZeroContext } from '../../schema/context.ts';
import { dayKey } from '../../schema/day-key.ts';
import { reopenSnoozed } from '../../server/lifecycle/reopen-snoozed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { fixtureMessage, messagesWebhook } from '../support/webhook-fixtures.ts';
import { CHANNEL_ID, createHarness, type Harness, recountStats } from './inbound-harness.ts';
import { mutatorRunner, OLGA, type RunMutator } from './mutator-runner.ts';

let db: TestDatabase;
let h: Harness;
let run: RunMutator;

const rita: ZeroContext = { ...OLGA, userID: 'op-rita', role: 'readonly' };
const scopedElsewhere: ZeroContext = { ...OLGA, userID: 'op-scoped', channelScope: ['ch-other'] };

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createHarness(db);
  await db.pool.query(
    `INSERT INTO operator (id, name, email, role, channel_scope) VALUES
       ('op-olga', 'Olga Operator', 'olga@t', 'operator', NULL),
       ('op-oscar', 'Oscar Operator', 'oscar@t', 'operator', NULL),
       ('op-rita', 'Rita Readonly', 'rita@t', 'readonly', NULL),
       ('op-scoped', 'Sam Scoped', 'sam@t', 'operator', '["ch-other"]')`,
  );
  run = mutatorRunner(h.deps, db.pool);
});
afterAll(async () => db?.drop());

beforeEach(async () => {
  await db.pool.query(
    `TRUNCATE conversation_event, message_reaction, message, attachment, conversation, contact, audit_log,
       operator_day_stats, private.conversation_resolved, private.operator_auto_assign, private.webhook_event,
       private.media_download CASCADE`,
  );
  await db.pool.query('UPDATE channel_stats SET waiting_count = 0, unread_count = 0');
  await db.pool.query(`UPDATE settings SET auto_assign = false, auto_assign_cap = 10`);
  await db.pool.query(`UPDATE operator SET presence = 'offline'`);
});

async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return ((err as ApplicationError<{ code: string }>).details as { code: string } | undefined)?.code;
  }
  throw new Error('expected a rejection');
}

/** One message from each customer; returns their conversation ids in the customers' order. */
async function customersWrite(...waIds: string[]): Promise<string[]> {
  const res = await h.post(
    messagesWebhook(waIds.map((from) => fixtureMessage.text(`Hi from ${from}`, { from }))),
  );
  expect(res.status).toBe(200);
  const { rows } = await db.pool.query<{ id: string; wa_id: string }>(
    `SELECT c.id, ct.wa_id FROM conversation c JOIN contact ct ON ct.id = c.contact_id`,
  );
  return waIds.map((w) => rows.find((r) => r.wa_id === w)?.id ?? '');
}

async function conv(id: string) {
  const { rows } = await db.pool.query('SELECT * FROM conversation WHERE id = $1', [id]);
  return rows[0];
}

async function events(id: string) {
  const { rows } = await db.pool.query(
    'SELECT kind, actor_id, operator_id, reason FROM conversation_event WHERE conversation_id = $1 ORDER BY at, kind',
    [id],
  );
  return rows;
}

/** operator_day_stats.resolved_count as a recount of the distinct resolutions gives it. */
async function resolvedCounts() {
  const stored = await db.pool.query(
    'SELECT operator_id, day, resolved_count::int AS n FROM operator_day_stats WHERE resolved_count > 0 ORDER BY 1, 2',
  );
  const recount = await db.pool.query(
    'SELECT operator_id, day, count(*)::int AS n FROM private.conversation_resolved GROUP BY 1, 2 ORDER BY 1, 2',
  );
  return { stored: stored.rows, recount: recount.rows };
}

const storedStats = async () =>
  (
    await db.pool.query(
      'SELECT channel_id, waiting_count, unread_count FROM channel_stats ORDER BY channel_id',
    )
  ).rows;

describe('conversations.resolve / snooze / reopen (server)', () => {
  it('resolves several at once: lighthouse off, counters equal a recount, events and audit per conversation', async () => {
    const [a, b, c] = await customersWrite('420000000001', '420000000002', '420000000003');
    expect((await storedStats())[0]).toMatchObject({ waiting_count: 3 });

    await run('conversations.resolve', { ids: [a, b], now: 1 });
    expect(await conv(a as string)).toMatchObject({
      state: 'resolved',
      awaiting_reply: false,
      resolved_by: 'op-olga',
    });
    expect(await conv(c as string)).toMatchObject({ state: 'open', awaiting_reply: true });
    expect(await storedStats()).toEqual(await recountStats(db));
    expect((await storedStats())[0]).toMatchObject({ waiting_count: 1 });

    // Resolving again (or a reopened one again the same day) counts each conversation once a day.
    await run('conversations.resolve', { ids: [a, b], now: 2 });
    await run('conversations.reopen', { ids: [a], now: 3 });
    await run('conversations.resolve', { ids: [a], now: 4 });
    const counts = await resolvedCounts();
    expect(counts.stored).toEqual(counts.recount);
    expect(counts.stored).toEqual([
      { operator_id: 'op-olga', day: dayKey(Date.now(), h.deps.env.TIME_ZONE), n: 2 },
    ]);
    expect(await events(a as string)).toEqual([
      { kind: 'resolved', actor_id: 'op-olga', operator_id: null, reason: null },
      { kind: 'reopened', actor_id: 'op-olga', operator_id: null, reason: 'operator' },
      { kind: 'resolved', actor_id: 'op-olga', operator_id: null, reason: null },
    ]);
    const audit = await db.pool.query(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE target = $1 GROUP BY action ORDER BY action`,
      [`conversation:${a}`],
    );
    expect(audit.rows).toEqual([
      { action: 'conversation.reopen', n: 1 },
      { action: 'conversation.resolve', n: 2 },
    ]);
  });

  it('refuses read-only accounts and skips conversations outside the channel scope', async () => {
    const [a] = await customersWrite('420000000011');
    expect(await errorCode(run('conversations.resolve', { ids: [a], now: 1 }, rita))).toBe('forbidden');
    expect(await errorCode(run('conversations.snooze', { ids: [a], until: null, now: 1 }, rita))).toBe(
      'forbidden',
    );
    expect(
      await errorCode(run('conversations.assign', { ids: [a], operatorId: 'op-olga', now: 1 }, rita)),
    ).toBe('forbidden');
    await run('conversations.resolve', { ids: [a], now: 1 }, scopedElsewhere);
    expect(await conv(a as string)).toMatchObject({ state: 'open', assignee_id: null });
    expect(
      await errorCode(run('conversations.resolve', { ids: [a], now: 1 }, { ...OLGA, chatsEnabled: false })),
    ).toBe('module_disabled');
  });

  it("a customer's next message reopens the same resolved conversation, with a thread event", async () => {
    const [a] = await customersWrite('420000000021');
    await run('conversations.resolve', { ids: [a], now: 1 });
    const [again] = await customersWrite('420000000021');
    expect(again).toBe(a);
    expect(await conv(a as string)).toMatchObject({ state: 'open', awaiting_reply: true, unread_count: 2 });
    expect((await events(a as string)).map((e) => [e.kind, e.reason])).toEqual([
      ['resolved', null],
      ['reopened', 'customer'],
    ]);
    expect(await storedStats()).toEqual(await recountStats(db));
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM conversation');
    expect(rows[0].n).toBe(1);
  });

  it('snoozes until the customer writes, or until a time that the sweep reopens at', async () => {
    const [a, b] = await customersWrite('420000000031', '420000000032');
    await run('conversations.snooze', { ids: [a], until: null, now: 1 });
    await run('conversations.snooze', { ids: [b], until: Date.now() + 3_600_000, now: Date.now() });
    expect(await conv(a as string)).toMatchObject({ state: 'pending', snoozed_until: null });
    expect(await errorCode(run('conversations.snooze', { ids: [b], until: 5, now: 10 }))).toBe('invalid');

    // Not due yet: the sweep leaves it.
    expect(await reopenSnoozed(db.pool)).toBe(0);
    await db.pool.query(`UPDATE conversation SET snoozed_until = now() - interval '1 second' WHERE id = $1`, [
      b,
    ]);
    expect(await reopenSnoozed(db.pool)).toBe(1);
    expect(await conv(b as string)).toMatchObject({ state: 'open', snoozed_until: null });
    expect((await events(b as string)).map((e) => [e.kind, e.reason])).toEqual([
      ['snoozed', null],
      ['reopened', 'snooze'],
    ]);
    // The customer writes: the one snoozed until then reopens.
    await customersWrite('420000000031');
    expect(await conv(a as string)).toMatchObject({ state: 'open' });
  });
});

describe('conversations.assign (server)', () => {
  it('assigns, transfers and unassigns, with a thread event and an audit entry each', async () => {
    const [a, b] = await customersWrite('420000000041', '420000000042');
    await run('conversations.assign', { ids: [a, b], operatorId: 'op-olga', now: 1 });
    expect(await conv(a as string)).toMatchObject({ assignee_id: 'op-olga', assignee_name: 'Olga Operator' });
    await run('conversations.assign', { ids: [a], operatorId: 'op-oscar', now: 2 });
    await run('conversations.assign', { ids: [a], operatorId: null, now: 3 });
    // The same owner again changes nothing.
    await run('conversations.assign', { ids: [b], operatorId: 'op-olga', now: 4 });
    expect(await conv(a as string)).toMatchObject({ assignee_id: null, assignee_name: null });
    expect((await events(a as string)).map((e) => [e.kind, e.operator_id])).toEqual([
      ['assigned', 'op-olga'],
      ['assigned', 'op-oscar'],
      ['unassigned', 'op-oscar'],
    ]);
    expect(await events(b as string)).toHaveLength(1);
    const { rows } = await db.pool.query(
      `SELECT action FROM audit_log WHERE target = $1 ORDER BY at, action`,
      [`conversation:${a}`],
    );
    expect(rows.map((r) => r.action).sort()).toEqual([
      'conversation.assign',
      'conversation.transfer',
      'conversation.unassign',
    ]);
  });

  it('refuses an owner who may not own it (read-only, other channels, unknown)', async () => {
    const [a] = await customersWrite('420000000051');
    expect(await errorCode(run('conversations.assign', { ids: [a], operatorId: 'op-rita', now: 1 }))).toBe(
      'invalid',
    );
    expect(await errorCode(run('conversations.assign', { ids: [a], operatorId: 'op-scoped', now: 1 }))).toBe(
      'invalid',
    );
    expect(await errorCode(run('conversations.assign', { ids: [a], operatorId: 'op-nobody', now: 1 }))).toBe(
      'not_found',
    );
    expect(await conv(a as string)).toMatchObject({ assignee_id: null });
  });

  it('round-robin gives new customers to online operators, fewest first, never beyond the cap', async () => {
    await db.pool.query(`UPDATE settings SET auto_assign = true, auto_assign_cap = 1`);
    await db.pool.query(
      `UPDATE operator SET presence = 'online' WHERE id IN ('op-olga', 'op-oscar', 'op-rita')`,
    );
    const customers = ['420000000061', '420000000062', '420000000063'];
    const ids = await customersWrite(...customers);
    const owners = await Promise.all(ids.map(async (id) => (await conv(id)).assignee_id));
    // Two online operators who may own them (Rita is read-only), one each; the third waits.
    expect(owners.filter((o) => o !== null).sort()).toEqual(['op-olga', 'op-oscar']);
    expect(owners.filter((o) => o === null)).toHaveLength(1);
    const waiting = ids[owners.indexOf(null)] as string;
    // Olga resolves hers: her slot frees, and the waiting customer's next message goes to her.
    const olgas = ids[owners.indexOf('op-olga')] as string;
    await run('conversations.resolve', { ids: [olgas], now: 1 });
    await customersWrite(customers[owners.indexOf(null)] as string);
    expect((await conv(waiting)).assignee_id).toBe('op-olga');
    const ev = await db.pool.query(
      `SELECT count(*)::int AS n FROM conversation_event WHERE kind = 'assigned' AND actor_id IS NULL`,
    );
    expect(ev.rows[0].n).toBe(3);
  });

  it('round-robin is off by default', async () => {
    await db.pool.query(`UPDATE operator SET presence = 'online'`);
    const [a] = await customersWrite('420000000071');
    expect((await conv(a as string)).assignee_id).toBeNull();
    expect(CHANNEL_ID).toBe('ch-test');
  });
});
