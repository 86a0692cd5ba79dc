import type { ApplicationError } from '@rocicorp/zero';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ZeroContext } from '../../schema/context.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { fixtureMessage, messagesWebhook } from '../support/webhook-fixtures.ts';
import { createHarness, type Harness } from './inbound-harness.ts';
import { mutatorRunner, OLGA, type RunMutator } from './mutator-runner.ts';

// Internal notes (issue 13.6) through the server's mutator registry, on a real Postgres: a note is in the
// thread, never sent and never counted as a reply; naming a colleague alerts only colleagues who can see
// the conversation; read-only accounts cannot write notes.

let db: TestDatabase;
let h: Harness;
let run: RunMutator;

const oscar: ZeroContext = { ...OLGA, userID: 'op-oscar' };
const rita: ZeroContext = { ...OLGA, userID: 'op-rita', role: 'readonly' };

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
  await db.pool.query('TRUNCATE note_mention, message, conversation, contact CASCADE');
});

async function customerWrites(): Promise<string> {
  const res = await h.post(
    messagesWebhook([fixtureMessage.text('Where is my parcel?', { from: '420777000111' })]),
  );
  expect(res.status).toBe(200);
  const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM conversation');
  return rows[0]?.id ?? '';
}

const summary = async (id: string) =>
  (
    await db.pool.query(
      `SELECT last_message_id, last_message_preview, last_message_direction, awaiting_reply, unread_count,
              last_operator_id FROM conversation WHERE id = $1`,
      [id],
    )
  ).rows[0];

describe('notes.add', () => {
  it('puts the note in the thread without sending it or touching the conversation', async () => {
    const conversationId = await customerWrites();
    const before = await summary(conversationId);
    const jobsBefore = (await db.pool.query('SELECT count(*)::int AS n FROM graphile_worker.jobs')).rows[0].n;
    await run('notes.add', { id: 'note-1', conversationId, body: 'Checked: parcel is in Brno', now: 1 });

    const { rows } = await db.pool.query(
      `SELECT type, direction, body, operator_id, wamid FROM message WHERE id = 'note-1'`,
    );
    expect(rows).toEqual([
      {
        type: 'note',
        direction: 'out',
        body: 'Checked: parcel is in Brno',
        operator_id: 'op-olga',
        wamid: null,
      },
    ]);
    // Still waiting for a reply: the lighthouse, the last message and the counters are the customer's.
    expect(await summary(conversationId)).toEqual(before);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM graphile_worker.jobs')).rows[0].n).toBe(
      jobsBefore,
    );
    // A replay of the same note (an offline queue) writes nothing twice.
    await run('notes.add', { id: 'note-1', conversationId, body: 'Checked: parcel is in Brno', now: 2 });
    expect(
      (await db.pool.query(`SELECT count(*)::int AS n FROM message WHERE type = 'note'`)).rows[0].n,
    ).toBe(1);
  });

  it('is not a reply: a customer message delivered late still moves the wait back to when it was written', async () => {
    const now = Math.floor(Date.now() / 1000);
    const first = await h.post(
      messagesWebhook([fixtureMessage.text('Second', { from: '420777000222', timestamp: now - 600 })]),
    );
    expect(first.status).toBe(200);
    const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM conversation');
    const conversationId = rows[0]?.id ?? '';
    await run('notes.add', { id: 'note-late', conversationId, body: 'Waiting for the courier', now: 1 });
    // Meta delivers, after the note, a message the customer wrote before the first one (no order promised):
    // nobody has answered either, so the customer has been waiting since the earlier one.
    const late = await h.post(
      messagesWebhook([fixtureMessage.text('First', { from: '420777000222', timestamp: now - 900 })]),
    );
    expect(late.status).toBe(200);
    const { rows: after } = await db.pool.query(
      'SELECT awaiting_reply, extract(epoch FROM awaiting_since)::int AS since FROM conversation WHERE id = $1',
      [conversationId],
    );
    expect(after[0]).toEqual({ awaiting_reply: true, since: now - 900 });
  });

  it('alerts the colleagues it names who can see the conversation, until they open it', async () => {
    const conversationId = await customerWrites();
    await run('notes.add', {
      id: 'note-2',
      conversationId,
      body: '@Oscar can you take this? @Sam Scoped too. @Olga (me)',
      now: 1,
    });
    const mentions = async () =>
      (
        await db.pool.query(
          'SELECT operator_id, author_name, seen_at IS NOT NULL AS seen FROM note_mention ORDER BY operator_id',
        )
      ).rows;
    // Sam's scope does not include this channel, and Olga wrote it.
    expect(await mentions()).toEqual([
      { operator_id: 'op-oscar', author_name: 'Olga Operator', seen: false },
    ]);
    // Only Oscar can mark his mention seen.
    await run('notes.mentionsSeen', { conversationId, now: 5 }, OLGA);
    expect((await mentions())[0]?.seen).toBe(false);
    await run('notes.mentionsSeen', { conversationId, now: 5 }, oscar);
    expect((await mentions())[0]?.seen).toBe(true);
  });

  it('refuses read-only accounts and conversations that do not exist', async () => {
    const conversationId = await customerWrites();
    const code = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        return ((err as ApplicationError<{ code: string }>).details as { code: string } | undefined)?.code;
      }
      return 'accepted';
    };
    expect(await code(run('notes.add', { id: 'n-r', conversationId, body: 'hi', now: 1 }, rita))).toBe(
      'forbidden',
    );
    expect(await code(run('notes.add', { id: 'n-x', conversationId: 'cv-none', body: 'hi', now: 1 }))).toBe(
      'not_found',
    );
    expect(await code(run('notes.add', { id: 'n-e', conversationId, body: '   ', now: 1 }))).not.toBe(
      'accepted',
    );
    expect(
      (await db.pool.query(`SELECT count(*)::int AS n FROM message WHERE type = 'note'`)).rows[0].n,
    ).toBe(0);
  });
});
