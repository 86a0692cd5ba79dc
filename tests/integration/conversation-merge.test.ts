// Merging two conversations of one person (issue 15.1): `conversations.merge` through the server's
// mutator registry on a real Postgres, with the customers made by signed webhooks.
import { randomUUID } from 'node:crypto';
import type { ApplicationError } from '@rocicorp/zero';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ZeroContext } from '../../schema/context.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { fixtureMessage, messagesWebhook } from '../support/webhook-fixtures.ts';
import { CHANNEL_ID, createChannel, createHarness, type Harness, recountStats } from './inbound-harness.ts';
import { mutatorRunner, OLGA, type RunMutator } from './mutator-runner.ts';

const B = {
  id: 'ch-b',
  slot: 2,
  phoneNumberId: '200000000000002',
  display: '15550002222',
  wabaId: '9000009',
};
const OLD_NUMBER = '420600000001';
const NEW_NUMBER = '420600000002';

let db: TestDatabase;
let h: Harness;
let run: RunMutator;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createHarness(db);
  await createChannel(db, h.deps, B);
  await db.pool.query(
    `INSERT INTO operator (id, name, email, role, channel_scope) VALUES
       ('op-olga', 'Olga Operator', 'olga@t', 'operator', NULL),
       ('op-rita', 'Rita Readonly', 'rita@t', 'readonly', NULL),
       ('op-sam', 'Sam Scoped', 'sam@t', 'operator', '["${CHANNEL_ID}"]')`,
  );
  run = mutatorRunner(h.deps, db.pool);
});
afterAll(async () => db?.drop());

beforeEach(async () => {
  await db.pool.query(
    `TRUNCATE operator_preference, conversation_merge, conversation_event, message_reaction, note_mention, conversation_draft, message,
       attachment, request, conversation, contact, audit_log, private.contact_alias, private.outbound_message,
       private.webhook_event CASCADE`,
  );
  await db.pool.query('UPDATE channel_stats SET waiting_count = 0, unread_count = 0');
});

async function errorOf(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as ApplicationError<{ code: string }>;
    return { code: (e.details as { code: string } | undefined)?.code, message: e.message };
  }
  throw new Error('expected a rejection');
}

/** A customer writes `text` to a business number (default: the test channel) at `at` (Unix seconds). */
async function writes(from: string, text: string, at: number, name = 'Jana Nováková', to: 'A' | 'B' = 'A') {
  const options =
    to === 'B' ? { phoneNumberId: B.phoneNumberId, displayPhoneNumber: B.display, wabaId: B.wabaId } : {};
  const res = await h.post(
    messagesWebhook([fixtureMessage.text(text, { from, timestamp: at })], {
      ...options,
      names: { [from]: name },
    }),
  );
  expect(res.status).toBe(200);
}

async function conversationOf(waId: string, channelId = CHANNEL_ID) {
  const { rows } = await db.pool.query(
    `SELECT c.* FROM conversation c JOIN contact ct ON ct.id = c.contact_id
      WHERE c.channel_id = $2 AND (ct.wa_id = $1 OR ct.wa_id = (SELECT wa_id FROM private.contact_alias WHERE alias = $1))`,
    [waId, channelId],
  );
  return rows[0];
}

const thread = async (conversationId: string) =>
  (
    await db.pool.query<{ body: string; direction: string }>(
      'SELECT body, direction FROM message WHERE conversation_id = $1 ORDER BY created_at, arrival, id',
      [conversationId],
    )
  ).rows.map((m) => m.body);

const now = () => Math.floor(Date.now() / 1000);

describe('conversations.merge (server)', () => {
  it('moves the other thread in, makes the two customers one, and later messages arrive in the kept conversation', async () => {
    const t = now() - 600;
    await writes(OLD_NUMBER, 'My order 1234 has not arrived', t, 'Jana');
    await writes(NEW_NUMBER, 'New phone, same person: any news on 1234?', t + 300, 'Jana N.');
    const kept = await conversationOf(NEW_NUMBER);
    const merged = await conversationOf(OLD_NUMBER);
    await db.pool.query(`UPDATE contact SET email = 'jana@example.com', notes = 'VIP' WHERE wa_id = $1`, [
      OLD_NUMBER,
    ]);
    await run('notes.add', {
      id: randomUUID(),
      conversationId: merged.id,
      body: 'Checked the courier',
      now: 1,
    });
    await run('drafts.save', { conversationId: merged.id, body: 'Half-typed answer', now: 1 });
    await run('preferences.update', { openTabs: [merged.id, 'cv-elsewhere', kept.id], now: 1 });
    expect(await recountStats(db)).toEqual([
      { channel_id: B.id, waiting_count: 0, unread_count: 0 },
      { channel_id: CHANNEL_ID, waiting_count: 2, unread_count: 2 },
    ]);

    await run('conversations.merge', { targetId: kept.id, sourceId: merged.id, now: Date.now() });

    expect(await conversationOf(OLD_NUMBER)).toMatchObject({ id: kept.id });
    const { rows: gone } = await db.pool.query('SELECT id FROM conversation WHERE id = $1', [merged.id]);
    expect(gone).toEqual([]);
    expect(await thread(kept.id)).toEqual([
      'My order 1234 has not arrived',
      'New phone, same person: any news on 1234?',
      'Checked the courier',
    ]);
    const after = await conversationOf(NEW_NUMBER);
    expect(after).toMatchObject({
      unread_count: 2,
      awaiting_reply: true,
      last_message_preview: 'New phone, same person: any news on 1234?',
      state: 'open',
    });
    // Waiting since the customer's first unanswered message, in either thread.
    expect(after.awaiting_since.getTime()).toBe(t * 1000);
    expect(after.created_at.getTime()).toBe(t * 1000);
    const stored = (
      await db.pool.query('SELECT channel_id, waiting_count, unread_count FROM channel_stats ORDER BY 1')
    ).rows;
    expect(stored).toEqual(await recountStats(db));
    expect(stored.find((s) => s.channel_id === CHANNEL_ID)).toMatchObject({
      waiting_count: 1,
      unread_count: 1,
    });

    // One customer: the kept one's profile took the merged one's e-mail and notes; the old number is an alias.
    const { rows: contacts } = await db.pool.query('SELECT wa_id, email, notes FROM contact');
    expect(contacts).toEqual([{ wa_id: NEW_NUMBER, email: 'jana@example.com', notes: 'VIP' }]);
    // The draft and the note moved with the thread; the merge is an event and an audit entry.
    const { rows: drafts } = await db.pool.query('SELECT conversation_id, body FROM conversation_draft');
    expect(drafts).toEqual([{ conversation_id: kept.id, body: 'Half-typed answer' }]);
    // Olga's tab of the merged conversation became the kept one's (once, where the first of them was).
    const { rows: prefs } = await db.pool.query('SELECT open_tabs FROM operator_preference');
    expect(prefs).toEqual([{ open_tabs: [kept.id, 'cv-elsewhere'] }]);
    const { rows: events } = await db.pool.query(
      'SELECT kind, actor_id, detail FROM conversation_event WHERE conversation_id = $1',
      [kept.id],
    );
    expect(events).toEqual([{ kind: 'merged', actor_id: 'op-olga', detail: `#${merged.number} Jana` }]);
    const { rows: where } = await db.pool.query(
      'SELECT source_id, target_id, source_number FROM conversation_merge',
    );
    expect(where).toEqual([{ source_id: merged.id, target_id: kept.id, source_number: merged.number }]);
    const { rows: audit } = await db.pool.query(
      `SELECT action, target FROM audit_log WHERE action = 'conversation.merge'`,
    );
    expect(audit).toEqual([{ action: 'conversation.merge', target: `conversation:${kept.id}` }]);

    // The customer writes from the old number again: the kept conversation, no new one.
    await writes(OLD_NUMBER, 'Still me on the old phone', now(), 'Jana');
    const { rows: all } = await db.pool.query('SELECT id FROM conversation');
    expect(all).toEqual([{ id: kept.id }]);
    expect(await thread(kept.id)).toContain('Still me on the old phone');
    expect((await db.pool.query('SELECT count(*)::int AS n FROM contact')).rows[0]).toEqual({ n: 1 });
  });

  it('keeps a reply that answered the merged thread: the lighthouse waits only for what came after it', async () => {
    const t = now() - 900;
    await writes(OLD_NUMBER, 'Question one', t);
    await writes(NEW_NUMBER, 'Question zero', t - 60);
    const merged = await conversationOf(OLD_NUMBER);
    const kept = await conversationOf(NEW_NUMBER);
    await run('messages.sendText', {
      id: randomUUID(),
      conversationId: merged.id,
      body: 'Answer one',
      now: 1,
    });
    // Meta's times are whole seconds: the next customer message comes a second after the reply.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const t2 = now();
    await writes(NEW_NUMBER, 'Question two', t2);

    // Still in the outbox: it would leave for the old number after the merge, so the merge waits.
    const refused = await errorOf(
      run('conversations.merge', { targetId: kept.id, sourceId: merged.id, now: 1 }),
    );
    expect(refused.code).toBe('invalid');
    expect(refused.message).toMatch(/still being sent/);
    expect(await conversationOf(OLD_NUMBER)).toMatchObject({ id: merged.id });

    await db.pool.query('UPDATE private.outbound_message SET done_at = now()');
    await run('conversations.merge', { targetId: kept.id, sourceId: merged.id, now: 1 });
    const after = await conversationOf(NEW_NUMBER);
    expect(after).toMatchObject({ awaiting_reply: true, last_message_preview: 'Question two' });
    // "Question zero" (new number) came before the reply in the merged thread: answered with it.
    expect(after.awaiting_since.getTime()).toBe(t2 * 1000);
    expect(await thread(kept.id)).toEqual(['Question zero', 'Question one', 'Answer one', 'Question two']);
    const { rows: outbox } = await db.pool.query('SELECT conversation_id FROM private.outbound_message');
    expect(outbox).toEqual([{ conversation_id: kept.id }]);
    expect(
      (await db.pool.query('SELECT waiting_count FROM channel_stats WHERE channel_id = $1', [CHANNEL_ID]))
        .rows,
    ).toEqual([{ waiting_count: 1 }]);
  });

  it('merges the same two customers on another business number too (one conversation per customer and number)', async () => {
    const t = now() - 600;
    await writes(OLD_NUMBER, 'Hello A (old)', t);
    await writes(NEW_NUMBER, 'Hello A (new)', t + 10);
    await writes(OLD_NUMBER, 'Hello B (old)', t + 20, 'Jana', 'B');
    await writes(NEW_NUMBER, 'Hello B (new)', t + 30, 'Jana', 'B');
    const keptA = await conversationOf(NEW_NUMBER);
    const mergedA = await conversationOf(OLD_NUMBER);
    const keptB = await conversationOf(NEW_NUMBER, B.id);

    await run('conversations.merge', { targetId: keptA.id, sourceId: mergedA.id, now: 1 });

    const { rows } = await db.pool.query('SELECT id, channel_id FROM conversation ORDER BY channel_id');
    expect(rows.map((r) => r.id).sort()).toEqual([keptA.id, keptB.id].sort());
    expect(await thread(keptB.id)).toEqual(['Hello B (old)', 'Hello B (new)']);
    expect(
      (await db.pool.query('SELECT channel_id, waiting_count, unread_count FROM channel_stats ORDER BY 1'))
        .rows,
    ).toEqual(await recountStats(db));
  });

  it('refuses what it must: read-only, out of scope, another business number, itself', async () => {
    const t = now() - 60;
    await writes(OLD_NUMBER, 'one', t);
    await writes(NEW_NUMBER, 'two', t + 1);
    await writes(NEW_NUMBER, 'on B', t + 2, 'Jana', 'B');
    const a = await conversationOf(OLD_NUMBER);
    const b = await conversationOf(NEW_NUMBER);
    const onB = await conversationOf(NEW_NUMBER, B.id);
    const rita: ZeroContext = { ...OLGA, userID: 'op-rita', role: 'readonly' };
    const sam: ZeroContext = { ...OLGA, userID: 'op-sam', channelScope: [B.id] };
    const merge = (targetId: string, sourceId: string, ctx?: ZeroContext) =>
      errorOf(run('conversations.merge', { targetId, sourceId, now: 1 }, ctx));

    expect((await merge(b.id, a.id, rita)).code).toBe('forbidden');
    expect((await merge(b.id, a.id, sam)).code).toBe('not_found');
    expect(await merge(b.id, onB.id)).toMatchObject({ code: 'invalid', message: /same business number/ });
    expect((await merge(b.id, b.id)).code).toBe('invalid');
    // The new number's customer also writes on B: merging them needs the operator to see B as well.
    const scopedToA: ZeroContext = { ...OLGA, userID: 'op-sam', channelScope: [CHANNEL_ID] };
    expect((await merge(a.id, b.id, scopedToA)).code).toBe('forbidden');
    expect((await db.pool.query('SELECT count(*)::int AS n FROM conversation')).rows[0]).toEqual({ n: 3 });
  });
});
