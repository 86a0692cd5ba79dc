// Group commit: concurrent webhook bodies share one transaction. Whatever the mix, the result must be
// exactly what the same bodies give applied one at a time, and one body that cannot be applied must
// not take the others down with it.
import { afterAll, describe, expect, it } from 'vitest';
import { createWebhookSecrets } from '../../server/channels/webhook-secrets.ts';
import { handleWebhookPost } from '../../server/inbound/handle-webhook-post.ts';
import { replayFailedWebhookEvents } from '../../server/inbound/replay-webhook-events.ts';
import { createWebhookGroupCommit } from '../../server/inbound/webhook-group-commit.ts';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import { snapshot } from '../support/db-snapshot.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import {
  fixtureMessage,
  fixtureStatus,
  messagesWebhook,
  statusesWebhook,
  templateStatusUpdateWebhook,
  webhookEnvelope,
} from '../support/webhook-fixtures.ts';
import { APP_SECRET, createHarness, type Harness, insertOutbound, recountStats } from './inbound-harness.ts';

const T0 = 1_760_100_000;
const dbs: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.drop()));
});

/** A database with one customer who has an outbound message (for statuses and reactions). */
async function prepare() {
  const db = await createTestDatabase();
  dbs.push(db);
  const h = await createHarness(db);
  const first = messagesWebhook([
    fixtureMessage.text('Hello', { from: '420622000001', wamid: 'wamid.GC0', timestamp: T0 }),
  ]);
  expect((await h.post(first)).status).toBe(200);
  const { rows } = await db.pool.query('SELECT id FROM conversation');
  await insertOutbound(db, rows[0].id, 'wamid.GCOUT', { id: 'out-gc', at: new Date((T0 + 10) * 1000) });
  return { db, h };
}

/** Posts the bodies all at once through one group commit; reports each answer and the batch sizes. */
async function postTogether(db: TestDatabase, h: Harness, texts: string[]) {
  const batches: number[] = [];
  const deps = {
    pool: db.pool,
    log: () => {},
    secrets: createWebhookSecrets(db.pool, h.deps.secretBox),
    groupCommit: createWebhookGroupCommit(db.pool, { onCommit: (n) => batches.push(n) }),
  };
  const answers = await Promise.all(
    texts.map((t) => handleWebhookPost(deps, new TextEncoder().encode(t), signWebhookBody(t, APP_SECRET))),
  );
  return { answers, batches };
}

const outcomes = async (db: TestDatabase) =>
  (
    await db.pool.query(
      'SELECT body_sha256, outcome, error FROM private.webhook_event ORDER BY body_sha256, outcome',
    )
  ).rows;

describe('group commit of concurrent webhook bodies', () => {
  it('a mixed burst in one transaction ends exactly like the same bodies one at a time', async () => {
    const texts = [
      // A new customer over two bodies, with a reaction to a message of another body of the batch.
      messagesWebhook(
        [fixtureMessage.text('New here', { from: '420622000002', wamid: 'wamid.GC1', timestamp: T0 + 20 })],
        {},
      ),
      messagesWebhook([
        fixtureMessage.reaction('wamid.GC1', '🙏', {
          from: '420622000002',
          wamid: 'wamid.GC2',
          timestamp: T0 + 22,
        }),
        fixtureMessage.image({
          from: '420622000002',
          wamid: 'wamid.GC3',
          caption: 'Photo',
          timestamp: T0 + 21,
        }),
      ]),
      // The existing customer, and the same message delivered twice within the batch.
      messagesWebhook([
        fixtureMessage.text('Again', { from: '420622000001', wamid: 'wamid.GC4', timestamp: T0 + 30 }),
      ]),
      messagesWebhook([
        fixtureMessage.text('Again', { from: '420622000001', wamid: 'wamid.GC4', timestamp: T0 + 30 }),
      ]),
      // Statuses of the outbound message in two bodies, out of order.
      statusesWebhook([fixtureStatus.read('wamid.GCOUT', { timestamp: T0 + 40 })]),
      statusesWebhook([fixtureStatus.delivered('wamid.GCOUT', { timestamp: T0 + 35 })]),
      // A status that arrives before its message is known (parked), a template not stored (partial),
      // a number that is not ours, and an event read and deliberately not acted on (ignored).
      statusesWebhook([fixtureStatus.delivered('wamid.GCFUTURE', { timestamp: T0 + 41 })]),
      templateStatusUpdateWebhook({ event: 'APPROVED', name: 'not_synced_yet' }),
      messagesWebhook([fixtureMessage.text('Wrong number', { from: '420622000003', timestamp: T0 + 50 })], {
        phoneNumberId: '999999999',
      }),
      webhookEnvelope([{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }]),
    ].map((b) => serializeLikeMeta(b));

    const ref = await prepare();
    const refAnswers = [];
    for (const t of texts) refAnswers.push((await ref.h.post(t, { raw: true })).status);
    expect(refAnswers).toEqual(texts.map(() => 200));

    const { db, h } = await prepare();
    const { answers, batches } = await postTogether(db, h, texts);
    expect(answers.map((a) => a.status)).toEqual(texts.map(() => 200));
    expect(batches).toEqual([texts.length]);
    const actual = await snapshot(db);
    expect(actual).toEqual(await snapshot(ref.db));
    expect(actual.stats).toEqual(await recountStats(db));
    expect(actual.messages.find((m) => m.wamid === 'wamid.GCOUT')?.status).toBe('read');
    // Every body has its own stored row with the outcome it would have had alone.
    expect(await outcomes(db)).toEqual(await outcomes(ref.db));
    expect(answers.map((a) => a.reason)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      'applied',
      'applied',
      'applied',
      'partial',
      'unknown_phone_number',
      'ignored',
    ]);
    // The duplicate counts for the first body that carried it, not twice.
    expect(answers[2]?.result?.messagesInserted).toBe(1);
    expect(answers[3]?.result).toMatchObject({ messagesInserted: 0, messagesDuplicate: 1 });
    expect(answers[1]?.result?.mediaQueued).toBe(1);
  });

  it('one body that cannot be applied is stored for replay; the rest of its batch commits', async () => {
    const { db, h } = await prepare();
    // A fault of the database's own (a trigger), as a bug or a constraint would raise it mid-batch.
    await db.pool.query(`
      CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.body = 'POISON' THEN RAISE EXCEPTION 'poisoned message'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER poison BEFORE INSERT ON message FOR EACH ROW EXECUTE FUNCTION poison();`);
    const texts = Array.from({ length: 12 }, (_, i) =>
      serializeLikeMeta(
        messagesWebhook([
          fixtureMessage.text(i === 7 ? 'POISON' : `fine ${i}`, {
            from: String(420_622_100_000 + (i % 5)),
            wamid: `wamid.P${i}`,
            timestamp: T0 + 100 + i,
          }),
        ]),
      ),
    );
    const { answers, batches } = await postTogether(db, h, texts);
    expect(answers.map((a) => a.status)).toEqual(texts.map(() => 200));
    expect(answers.map((a) => a.reason)).toEqual(
      texts.map((_, i) => (i === 7 ? 'stored_for_replay' : 'applied')),
    );
    // The eleven good bodies committed in a few transactions, not one each.
    expect(batches.reduce((a, b) => a + b, 0)).toBe(11);
    expect(batches.length).toBeLessThan(11);
    const s = await snapshot(db);
    expect(s.messages.filter((m) => m.wamid.startsWith('wamid.P')).map((m) => m.body)).toHaveLength(11);
    expect(s.stats).toEqual(await recountStats(db));
    const { rows: failed } = await db.pool.query(
      `SELECT count(*)::int AS n FROM private.webhook_event WHERE outcome = 'failed'`,
    );
    expect(failed[0].n).toBe(1);

    // Once the fault is gone, the stored body is replayed and lands once.
    await db.pool.query('DROP TRIGGER poison ON message');
    expect(await replayFailedWebhookEvents(db.pool, () => {})).toMatchObject({ replayed: 1, applied: 1 });
    const after = await snapshot(db);
    expect(after.messages.filter((m) => m.wamid.startsWith('wamid.P'))).toHaveLength(12);
    expect(after.stats).toEqual(await recountStats(db));
  });

  it('bodies beyond the batch bounds wait for the next transaction, and all are applied', async () => {
    const { db, h } = await prepare();
    const texts = Array.from({ length: 9 }, (_, i) =>
      serializeLikeMeta(
        messagesWebhook([
          fixtureMessage.text(`bounded ${i}`, {
            from: '420622000009',
            wamid: `wamid.B${i}`,
            timestamp: T0 + 300 + i,
          }),
        ]),
      ),
    );
    const batches: number[] = [];
    const deps = {
      pool: db.pool,
      log: () => {},
      secrets: createWebhookSecrets(db.pool, h.deps.secretBox),
      groupCommit: createWebhookGroupCommit(db.pool, { maxBodies: 4, onCommit: (n) => batches.push(n) }),
    };
    const answers = await Promise.all(
      texts.map((t) => handleWebhookPost(deps, new TextEncoder().encode(t), signWebhookBody(t, APP_SECRET))),
    );
    expect(answers.map((a) => a.reason)).toEqual(texts.map(() => 'applied'));
    expect(batches).toEqual([4, 4, 1]);
    const s = await snapshot(db);
    const conversation = s.conversations.find((c) => c.wa_id === '420622000009');
    expect(conversation).toMatchObject({ messages: 9, unread_count: 9, last_message_preview: 'bounded 8' });
    expect(s.stats).toEqual(await recountStats(db));
  });
});
