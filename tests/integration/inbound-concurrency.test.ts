// Webhooks arrive in parallel (Meta opens several connections). Concurrent deliveries for the same new
// customer must create one conversation, count every message once and keep the counters right.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordAccepted } from '../../server/outbound/send-outbox-job.ts';
import { snapshot } from '../support/db-snapshot.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import {
  fixtureMessage,
  fixtureStatus,
  messagesWebhook,
  statusesWebhook,
} from '../support/webhook-fixtures.ts';
import { createHarness, type Harness, insertOutbound, recountStats } from './inbound-harness.ts';

let db: TestDatabase;
let h: Harness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createHarness(db);
});
afterAll(() => db.drop());
beforeEach(async () => {
  await db.pool.query(
    'TRUNCATE message_reaction, message, attachment, conversation, contact, private.webhook_event, private.pending_status, private.reaction_event, private.media_download CASCADE',
  );
  await db.pool.query('UPDATE channel_stats SET waiting_count = 0, unread_count = 0');
});

const T0 = 1_760_000_000;

describe('concurrent webhooks', () => {
  it('two (and ten) webhooks for the same new customer at once make one conversation', async () => {
    const from = '420600000001';
    const bodies = Array.from({ length: 10 }, (_, i) =>
      messagesWebhook([fixtureMessage.text(`message ${i}`, { from, timestamp: T0 + i })]),
    );
    const statuses = await Promise.all(bodies.map((b) => h.post(b).then((r) => r.status)));
    expect(statuses).toEqual(Array(10).fill(200));
    const s = await snapshot(db);
    expect(s.contacts).toHaveLength(1);
    expect(s.conversations).toHaveLength(1);
    expect(s.conversations[0]).toMatchObject({ unread_count: 10, awaiting_reply: true, messages: 10 });
    expect(s.conversations[0]?.awaiting_since).toEqual(new Date(T0 * 1000));
    expect(s.conversations[0]?.last_message_preview).toBe('message 9');
    expect(s.stats).toEqual([{ channel_id: 'ch-test', waiting_count: 1, unread_count: 1 }]);
    expect(s.stats).toEqual(await recountStats(db));
  });

  it('the same message delivered five times at once is stored once', async () => {
    const body = messagesWebhook([fixtureMessage.text('only once', { from: '420600000002', timestamp: T0 })]);
    const statuses = await Promise.all(Array.from({ length: 5 }, () => h.post(body).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const s = await snapshot(db);
    expect(s.messages).toHaveLength(1);
    expect(s.conversations[0]?.unread_count).toBe(1);
    expect(s.stats).toEqual(await recountStats(db));
  });

  it('mixed parallel traffic (many customers, overlapping batches, statuses) keeps counters equal to a recount', async () => {
    const customers = Array.from({ length: 8 }, (_, i) => String(420_700_000_000 + i));
    // Seed one conversation per customer, and an outbound message to receive statuses.
    await h.post(
      messagesWebhook(customers.map((from) => fixtureMessage.text('first', { from, timestamp: T0 }))),
    );
    const { rows } = await db.pool.query(
      'SELECT c.id, ct.wa_id FROM conversation c JOIN contact ct ON ct.id = c.contact_id',
    );
    const outbound: string[] = [];
    for (const r of rows) {
      const wamid = `wamid.OUT${r.wa_id}`;
      outbound.push(wamid);
      await insertOutbound(db, r.id, wamid, { at: new Date((T0 + 10) * 1000) });
    }
    await db.pool.query(
      `UPDATE conversation SET awaiting_reply = false, awaiting_since = NULL, unread_count = 0;
       UPDATE channel_stats SET waiting_count = 0, unread_count = 0`,
    );

    const posts: Promise<number>[] = [];
    for (let round = 0; round < 6; round++) {
      // Overlapping batches: each touches several customers, in different orders.
      const group = round % 2 === 0 ? customers : [...customers].reverse();
      const messages = group.map((from, i) =>
        fixtureMessage.text(`round ${round} #${i}`, {
          from,
          wamid: `wamid.R${round}C${from}`,
          timestamp: T0 + 20 + round,
        }),
      );
      posts.push(h.post(messagesWebhook(messages)).then((r) => r.status));
      posts.push(h.post(messagesWebhook(messages.slice(0, 3))).then((r) => r.status)); // partial duplicate
      posts.push(
        h
          .post(
            statusesWebhook(
              outbound.map((w) =>
                fixtureStatus[round % 2 ? 'read' : 'delivered'](w, { timestamp: T0 + 15 + round }),
              ),
            ),
          )
          .then((r) => r.status),
      );
    }
    const statuses = await Promise.all(posts);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const s = await snapshot(db);
    expect(s.messages.filter((m) => m.direction === 'in')).toHaveLength(8 + 6 * 8);
    expect(s.conversations.every((c) => c.unread_count === 6 && c.awaiting_reply)).toBe(true);
    expect(s.messages.filter((m) => m.direction === 'out').every((m) => m.status === 'read')).toBe(true);
    expect(s.stats).toEqual([{ channel_id: 'ch-test', waiting_count: 8, unread_count: 8 }]);
    expect(s.stats).toEqual(await recountStats(db));
  });

  it('a status that races the transaction recording its wamid is applied, not parked for good', async () => {
    await h.post(messagesWebhook([fixtureMessage.text('hi', { from: '420600000003', timestamp: T0 })]));
    const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM conversation');
    const conversationId = rows[0]?.id as string;
    const messageId = await insertOutbound(db, conversationId, null, { status: 'pending' });
    const wamid = 'wamid.RACE1';
    // The send's transaction records the wamid and stays open while Meta's 'delivered' webhook arrives.
    const sender = await db.pool.connect();
    try {
      await sender.query('BEGIN');
      await recordAccepted(sender, { message_id: messageId, conversation_id: conversationId }, wamid);
      const webhook = h.post(statusesWebhook([fixtureStatus.delivered(wamid, { timestamp: T0 + 5 })]));
      // Without the per-wamid lock the webhook would not see the uncommitted wamid and park the status,
      // after the sender had already looked for parked statuses.
      const settled = await Promise.race([webhook.then(() => 'answered'), sleep(300).then(() => 'waiting')]);
      expect(settled).toBe('waiting');
      await sender.query('COMMIT');
      expect((await webhook).status).toBe(200);
    } finally {
      sender.release();
    }
    const { rows: after } = await db.pool.query('SELECT status FROM message WHERE id = $1', [messageId]);
    expect(after[0]?.status).toBe('delivered');
    const { rows: parked } = await db.pool.query('SELECT count(*)::int AS n FROM private.pending_status');
    expect(parked[0]?.n).toBe(0);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
