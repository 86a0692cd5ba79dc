import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApplicationError } from '@rocicorp/zero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZeroContext } from '../../schema/context.ts';
import { dayKey } from '../../schema/day-key.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { newStorageKey } from '../../server/files/file-store.ts';
import type { AppDeps } from '../../server/http/app-context.ts';
import { outboundCapability } from '../../server/outbound/outbound-capability.ts';
import { sendTextToConversation } from '../../server/outbound/send-text.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { mutatorRunner, OLGA, type RunMutator } from './mutator-runner.ts';
import {
  addCustomer,
  addTemplates,
  CHANNEL_ID,
  type Customer,
  messageRow,
  seedOutbound,
} from './outbound-harness.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// The send mutators' server authority on real Postgres: what one reply writes (in one transaction),
// idempotency on the client-generated id, permissions, and the 24-hour rule, also when a modified client
// pushes straight to the mutate endpoint.

let db: TestDatabase;
let deps: AppDeps;
let run: RunMutator;

const rita: ZeroContext = { ...OLGA, userID: 'op-rita', role: 'readonly' };
const nora: ZeroContext = { ...OLGA, userID: 'op-nora', canSendTemplates: false };
const sam: ZeroContext = { ...OLGA, userID: 'op-sam', channelScope: ['ch-other'] };

beforeAll(async () => {
  db = await createTestDatabase();
  deps = createTestDeps(db);
  await seedOutbound(db, deps, 'http://127.0.0.1:9/v23.0');
  await addTemplates(db);
  run = mutatorRunner(deps, db.pool);
});
afterAll(async () => db?.drop());

async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return ((err as ApplicationError<{ code: string }>).details as { code: string } | undefined)?.code;
  }
  throw new Error('expected a rejection');
}

async function jobsFor(key: string) {
  const { rows } = await db.pool.query(
    'SELECT task_identifier, queue_name, key, run_at FROM graphile_worker.jobs WHERE key = $1',
    [key],
  );
  return rows;
}

async function conversation(id: string) {
  return (await db.pool.query('SELECT * FROM conversation WHERE id = $1', [id])).rows[0];
}

async function stats() {
  const channel = (
    await db.pool.query('SELECT waiting_count, unread_count FROM channel_stats WHERE channel_id = $1', [
      CHANNEL_ID,
    ])
  ).rows[0];
  const day = (
    await db.pool.query(
      'SELECT handled_count, replies_count FROM operator_day_stats WHERE operator_id = $1 AND day = $2',
      ['op-olga', dayKey(Date.now(), deps.env.TIME_ZONE)],
    )
  ).rows[0] ?? { handled_count: 0, replies_count: 0 };
  return {
    waiting: channel.waiting_count as number,
    handled: day.handled_count as number,
    replies: day.replies_count as number,
  };
}

describe('messages.sendText', () => {
  it('writes the message, the conversation summary, the counters and the outbox job together', async () => {
    const c = await addCustomer(db);
    const before = await stats();
    const id = randomUUID();
    await run('messages.sendText', {
      id,
      conversationId: c.conversationId,
      body: 'Your parcel left today.',
      now: 1,
    });

    const msg = await messageRow(db, id);
    expect(msg).toMatchObject({
      conversation_id: c.conversationId,
      direction: 'out',
      type: 'text',
      body: 'Your parcel left today.',
      status: 'pending',
      operator_id: 'op-olga',
      wamid: null,
    });
    // The server's clock, not the browser's `now` (1 ms after 1970).
    expect(msg.created_at.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await conversation(c.conversationId)).toMatchObject({
      last_message_id: id,
      last_message_preview: 'Your parcel left today.',
      last_message_direction: 'out',
      last_message_status: 'pending',
      last_operator_id: 'op-olga',
      last_operator_name: 'Olga Operator',
      awaiting_reply: false,
      awaiting_since: null,
    });
    const after = await stats();
    expect(after).toEqual({
      waiting: before.waiting - 1,
      handled: before.handled + 1,
      replies: before.replies + 1,
    });
    expect(await jobsFor(id)).toEqual([
      expect.objectContaining({
        task_identifier: 'outbox_send_message',
        // No job queue per conversation: the send job itself keeps the customer's order.
        queue_name: null,
        key: id,
      }),
    ]);
    const { rows } = await db.pool.query(
      'SELECT conversation_id, channel_id, done_at FROM private.outbound_message WHERE message_id = $1',
      [id],
    );
    expect(rows).toEqual([{ conversation_id: c.conversationId, channel_id: CHANNEL_ID, done_at: null }]);
  });

  it('counts a conversation as handled once per operator and day, every reply as a reply', async () => {
    const c = await addCustomer(db);
    const before = await stats();
    for (const body of ['One', 'Two', 'Three']) {
      await run('messages.sendText', { id: randomUUID(), conversationId: c.conversationId, body, now: 1 });
    }
    const after = await stats();
    expect(after.handled - before.handled).toBe(1);
    expect(after.replies - before.replies).toBe(3);
    // The lighthouse went off with the first reply only.
    expect(after.waiting).toBe(before.waiting - 1);
  });

  it('is a no-op when replayed with the same id (the offline outbox re-sends), even after the window closed', async () => {
    const c = await addCustomer(db);
    const id = randomUUID();
    const args = { id, conversationId: c.conversationId, body: 'Only once', now: 1 };
    await run('messages.sendText', args);
    const before = await stats();
    await db.pool.query(
      `UPDATE conversation SET customer_last_message_at = now() - interval '30 hours' WHERE id = $1`,
      [c.conversationId],
    );
    await run('messages.sendText', args);
    await run('messages.sendText', { ...args, body: 'A different body with the same id' });
    expect(await stats()).toEqual(before);
    expect(
      (await db.pool.query('SELECT count(*)::int AS n FROM message WHERE id = $1', [id])).rows[0].n,
    ).toBe(1);
    expect((await messageRow(db, id)).body).toBe('Only once');
    expect(await jobsFor(id)).toHaveLength(1);
  });

  it('quotes the replied-to message by its wamid and refuses one from another conversation', async () => {
    const c = await addCustomer(db);
    const other = await addCustomer(db);
    const id = randomUUID();
    const quoted = (await db.pool.query('SELECT id FROM message WHERE wamid = $1', [c.inboundWamid])).rows[0]
      .id;
    await run('messages.sendText', {
      id,
      conversationId: c.conversationId,
      body: 'Yes',
      replyToMessageId: quoted,
      now: 1,
    });
    expect(await messageRow(db, id)).toMatchObject({
      reply_to_message_id: quoted,
      reply_to_wamid: c.inboundWamid,
    });
    const foreign = (await db.pool.query('SELECT id FROM message WHERE wamid = $1', [other.inboundWamid]))
      .rows[0].id;
    expect(
      await errorCode(
        run('messages.sendText', {
          id: randomUUID(),
          conversationId: c.conversationId,
          body: 'No',
          replyToMessageId: foreign,
          now: 1,
        }),
      ),
    ).toBe('invalid');
  });

  it('enforces the 24-hour window on the server clock, whatever `now` the client claims', async () => {
    const c = await addCustomer(db, 25 * 3600_000);
    const before = await stats();
    const id = randomUUID();
    // A client pretending it is still yesterday.
    const code = await errorCode(
      run('messages.sendText', {
        id,
        conversationId: c.conversationId,
        body: 'Late',
        now: Date.now() - 2 * 86400_000,
      }),
    );
    expect(code).toBe('window_closed');
    expect(await messageRow(db, id)).toBeUndefined();
    expect(await jobsFor(id)).toEqual([]);
    expect(await stats()).toEqual(before);
  });

  it('refuses read-only accounts, operators outside the channel scope, and empty or oversized bodies', async () => {
    const c = await addCustomer(db);
    const args = () => ({ id: randomUUID(), conversationId: c.conversationId, body: 'Hi', now: 1 });
    expect(await errorCode(run('messages.sendText', args(), rita))).toBe('forbidden');
    expect(await errorCode(run('messages.sendText', args(), sam))).toBe('not_found');
    expect(await errorCode(run('messages.sendText', args(), { ...OLGA, chatsEnabled: false }))).toBe(
      'module_disabled',
    );
    await expect(run('messages.sendText', { ...args(), body: '   ' })).rejects.toThrow(/empty/);
    await expect(run('messages.sendText', { ...args(), body: 'x'.repeat(4097) })).rejects.toThrow();
    await run('messages.sendText', { ...args(), body: 'x'.repeat(4096) });
  });

  it('is exported for the REST API with the same rules (zod-checked input)', async () => {
    const c = await addCustomer(db);
    const id = randomUUID();
    await expect(
      sendTextToConversation(
        db.pool,
        OLGA,
        { id, conversationId: c.conversationId, body: 'Via API' },
        { timeZone: 'UTC' },
      ),
    ).resolves.toEqual({ messageId: id, created: true });
    await expect(
      sendTextToConversation(
        db.pool,
        OLGA,
        { id, conversationId: c.conversationId, body: 'Via API' },
        { timeZone: 'UTC' },
      ),
    ).resolves.toEqual({ messageId: id, created: false });
    const closed = await addCustomer(db, 25 * 3600_000);
    const err = await sendTextToConversation(
      db.pool,
      OLGA,
      { id: randomUUID(), conversationId: closed.conversationId, body: 'Late' },
      { timeZone: 'UTC' },
    ).catch((e: ApplicationError<{ code: string }>) => e);
    expect((err as ApplicationError<{ code: string }>).details).toEqual({ code: 'window_closed' });
  });
});

describe('messages.sendTemplate', () => {
  it('is allowed outside the window; the body is the text the customer reads', async () => {
    const c = await addCustomer(db, 3 * 86400_000);
    const id = randomUUID();
    await run('messages.sendTemplate', {
      id,
      conversationId: c.conversationId,
      templateId: 'tpl-order',
      params: ['Jessica', 'SKB-42'],
      now: 1,
    });
    expect(await messageRow(db, id)).toMatchObject({
      type: 'template',
      body: 'Hello Jessica, your order SKB-42 is on its way.\n\nCDESK',
      template_name: 'order_update',
      template_language: 'en_US',
      template_params: { body: ['Jessica', 'SKB-42'], header: null, headerMedia: null },
      status: 'pending',
    });
    expect(await jobsFor(id)).toHaveLength(1);
  });

  it('takes named parameters', async () => {
    const c = await addCustomer(db);
    const id = randomUUID();
    await run('messages.sendTemplate', {
      id,
      conversationId: c.conversationId,
      templateId: 'tpl-hello',
      params: { first_name: 'Jana' },
      now: 1,
    });
    expect((await messageRow(db, id)).body).toBe('Hi Jana, we are following up on your request.');
  });

  it('refuses operators without the template permission, unapproved or foreign templates, missing values', async () => {
    const c = await addCustomer(db);
    const args = (over: Record<string, unknown> = {}) => ({
      id: randomUUID(),
      conversationId: c.conversationId,
      templateId: 'tpl-order',
      params: ['Jessica', 'SKB-42'],
      now: 1,
      ...over,
    });
    expect(await errorCode(run('messages.sendTemplate', args(), nora))).toBe('forbidden');
    expect(await errorCode(run('messages.sendTemplate', args(), rita))).toBe('forbidden');
    expect(
      await errorCode(run('messages.sendTemplate', args({ templateId: 'tpl-paused', params: [] }))),
    ).toBe('invalid');
    expect(await errorCode(run('messages.sendTemplate', args({ templateId: 'tpl-other-waba' })))).toBe(
      'invalid',
    );
    expect(await errorCode(run('messages.sendTemplate', args({ params: ['Jessica'] })))).toBe('invalid');
    expect(await errorCode(run('messages.sendTemplate', args({ params: ['Jess\nica', 'SKB'] })))).toBe(
      'invalid',
    );
  });
});

describe('messages.sendTemplate: who may receive which category', () => {
  it('refuses authentication templates to a username-only customer and marketing to one who stopped it', async () => {
    const c = await addCustomer(db);
    const args = () => ({
      id: randomUUID(),
      conversationId: c.conversationId,
      templateId: 'tpl-order',
      params: ['Jessica', 'SKB-42'],
      now: 1,
    });
    const setCategory = (category: string) =>
      db.pool.query(`UPDATE whatsapp_template SET category = $1 WHERE id = 'tpl-order'`, [category]);
    try {
      await setCategory('AUTHENTICATION');
      await db.pool.query(`UPDATE contact SET phone = '', username = 'jess' WHERE id = $1`, [c.contactId]);
      const auth = run('messages.sendTemplate', args());
      await expect(auth).rejects.toThrow(/phone number.*@jess shares only a WhatsApp username/);
      await db.pool.query(`UPDATE contact SET phone = '+' || wa_id WHERE id = $1`, [c.contactId]);
      await run('messages.sendTemplate', args());

      await setCategory('MARKETING');
      await db.pool.query(`UPDATE contact SET marketing_opt_out = true WHERE id = $1`, [c.contactId]);
      expect(await errorCode(run('messages.sendTemplate', args()))).toBe('invalid');
      await db.pool.query(`UPDATE contact SET marketing_opt_out = false WHERE id = $1`, [c.contactId]);
      await run('messages.sendTemplate', args());
    } finally {
      await setCategory('UTILITY');
    }
  });
});

describe('messages.sendAttachment', () => {
  async function upload(mimeType: string, bytes: number, uploadedBy = 'op-olga') {
    const id = randomUUID();
    const key = newStorageKey();
    const file = path.join(deps.env.fileStoreDir, key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, Buffer.alloc(bytes, 1));
    await db.pool.query(
      `INSERT INTO attachment (id, filename, mime_type, size_bytes, storage_key, state, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, 'ready', $6)`,
      [id, 'invoice.pdf', mimeType, bytes, key, uploadedBy],
    );
    return id;
  }

  it('sends an uploaded file as the WhatsApp kind its type maps to, with its caption', async () => {
    const c = await addCustomer(db);
    const attachmentId = await upload('application/pdf', 2048);
    const id = randomUUID();
    await run('messages.sendAttachment', {
      id,
      conversationId: c.conversationId,
      attachmentId,
      caption: 'Invoice',
      now: 1,
    });
    expect(await messageRow(db, id)).toMatchObject({
      type: 'document',
      body: 'Invoice',
      attachment_id: attachmentId,
    });
    expect((await conversation(c.conversationId)).last_message_preview).toBe('📄 Invoice');
  });

  it('checks Meta limits before anything is uploaded, with a clear error', async () => {
    const c = await addCustomer(db);
    const tooBig = await upload('image/png', 6 * 1024 * 1024);
    const unsupported = await upload('application/x-msdownload', 100);
    const someoneElses = await upload('application/pdf', 100, 'op-nora');
    const args = (attachmentId: string) => ({
      id: randomUUID(),
      conversationId: c.conversationId,
      attachmentId,
      now: 1,
    });
    await expect(run('messages.sendAttachment', args(tooBig))).rejects.toThrow(/at most 5 MB/);
    await expect(run('messages.sendAttachment', args(unsupported))).rejects.toThrow(
      /does not accept files of type/,
    );
    expect(await errorCode(run('messages.sendAttachment', args(someoneElses)))).toBe('invalid');
  });

  it('is a free-form message: not outside the window', async () => {
    const c = await addCustomer(db, 25 * 3600_000);
    const attachmentId = await upload('application/pdf', 100);
    expect(
      await errorCode(
        run('messages.sendAttachment', {
          id: randomUUID(),
          conversationId: c.conversationId,
          attachmentId,
          now: 1,
        }),
      ),
    ).toBe('window_closed');
  });
});

describe('messages.react, messages.markRead, messages.retry', () => {
  async function inboundId(c: Customer) {
    return (await db.pool.query('SELECT id FROM message WHERE wamid = $1', [c.inboundWamid])).rows[0]
      .id as string;
  }

  it('stores one reaction per operator and message and queues it; removing it queues the removal', async () => {
    const c = await addCustomer(db);
    const messageId = await inboundId(c);
    await run('messages.react', { id: 'r-1', messageId, emoji: '👍' });
    await run('messages.react', { id: 'r-2', messageId, emoji: '❤️' });
    const { rows } = await db.pool.query(
      'SELECT id, actor, emoji FROM message_reaction WHERE message_id = $1',
      [messageId],
    );
    expect(rows).toEqual([{ id: 'r-1', actor: 'op-olga', emoji: '❤️' }]);
    // One job per (message, operator): the newer emoji replaced the job not yet run.
    expect(await jobsFor(`reaction:${messageId}:op-olga`)).toHaveLength(1);
    await run('messages.react', { id: 'r-3', messageId, emoji: '' });
    expect(
      (
        await db.pool.query('SELECT count(*)::int AS n FROM message_reaction WHERE message_id = $1', [
          messageId,
        ])
      ).rows[0].n,
    ).toBe(0);
    await expect(run('messages.react', { id: 'r-4', messageId, emoji: 'not an emoji' })).rejects.toThrow(
      /single emoji/,
    );
    expect(await errorCode(run('messages.react', { id: 'r-5', messageId, emoji: '👍' }, rita))).toBe(
      'forbidden',
    );
  });

  it('markRead clears unread counts and queues one read receipt for the latest customer message', async () => {
    const c = await addCustomer(db);
    const before = (
      await db.pool.query('SELECT unread_count FROM channel_stats WHERE channel_id = $1', [CHANNEL_ID])
    ).rows[0];
    await run('messages.markRead', { conversationId: c.conversationId });
    await run('messages.markRead', { conversationId: c.conversationId });
    expect((await conversation(c.conversationId)).unread_count).toBe(0);
    const after = (
      await db.pool.query('SELECT unread_count FROM channel_stats WHERE channel_id = $1', [CHANNEL_ID])
    ).rows[0];
    expect(after.unread_count).toBe(before.unread_count - 1);
    const { rows } = await db.pool.query(
      `SELECT j.key FROM graphile_worker.jobs j WHERE j.task_identifier = 'outbox_send_read_receipt' AND j.key = $1`,
      [`read:${c.conversationId}`],
    );
    expect(rows).toHaveLength(1);
    expect(
      (
        await db.pool.query(
          'SELECT wamid FROM private.conversation_read_receipt WHERE conversation_id = $1',
          [c.conversationId],
        )
      ).rows,
    ).toEqual([{ wamid: c.inboundWamid }]);
  });

  it('markRead by a read-only account changes nothing', async () => {
    const c = await addCustomer(db);
    await run('messages.markRead', { conversationId: c.conversationId }, rita);
    expect((await conversation(c.conversationId)).unread_count).toBe(1);
  });

  it('retry puts a failed message back in the outbox under the same job key', async () => {
    const c = await addCustomer(db);
    const id = randomUUID();
    await run('messages.sendText', { id, conversationId: c.conversationId, body: 'Hi', now: 1 });
    await db.pool.query(`DELETE FROM graphile_worker._private_jobs WHERE key = $1`, [id]);
    await db.pool.query(
      `UPDATE message SET status = 'failed', error_code = 131026, error_title = 'Message undeliverable' WHERE id = $1`,
      [id],
    );
    await db.pool.query(
      `UPDATE private.outbound_message SET done_at = now(), attempts = 3 WHERE message_id = $1`,
      [id],
    );
    await run('messages.retry', { messageId: id });
    expect(await messageRow(db, id)).toMatchObject({
      status: 'pending',
      error_code: null,
      error_title: null,
    });
    expect(await jobsFor(id)).toHaveLength(1);
    const { rows } = await db.pool.query(
      'SELECT attempts, done_at FROM private.outbound_message WHERE message_id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ attempts: 0, done_at: null });
    // A second retry (double click, replay) finds nothing failed: still one job.
    await run('messages.retry', { messageId: id });
    expect(await jobsFor(id)).toHaveLength(1);
  });
});

describe('the mutate endpoint, as a modified client would call it', () => {
  let cookie: string;
  let app: ReturnType<typeof createTestApp>;
  let mutationId = 0;

  beforeAll(async () => {
    // zero-cache creates these in production; the push protocol records each client's last mutation.
    await db.pool.query(`CREATE SCHEMA IF NOT EXISTS zero_0`);
    await db.pool.query(`CREATE TABLE IF NOT EXISTS zero_0.clients ("clientGroupID" text, "clientID" text,
      "lastMutationID" bigint NOT NULL, "userID" text, PRIMARY KEY ("clientGroupID", "clientID"))`);
    await db.pool.query(`CREATE TABLE IF NOT EXISTS zero_0.mutations ("clientGroupID" text, "clientID" text,
      "mutationID" bigint, "result" json, PRIMARY KEY ("clientGroupID", "clientID", "mutationID"))`);
    await db.pool.query(
      `INSERT INTO private.operator_credential (operator_id, password_hash) VALUES ('op-olga', $1)`,
      [await hashPassword('olga-password-1')],
    );
    // Routes only: the capability's worker is not started here.
    app = createTestApp(deps, [outboundCapability(deps)]);
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'olga@example.com', password: 'olga-password-1' }),
    });
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });

  async function push(name: string, args: unknown) {
    mutationId += 1;
    const res = await app.request('/api/zero/mutate?schema=zero_0&appID=zero', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        clientGroupID: 'cg-modified',
        mutations: [
          {
            type: 'custom',
            id: mutationId,
            clientID: 'c-modified',
            name,
            args: [args],
            timestamp: Date.now(),
          },
        ],
        pushVersion: 1,
        timestamp: Date.now(),
        requestID: `r${mutationId}`,
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      mutations: { result: { error?: string; message?: string; details?: unknown } }[];
    };
    return body.mutations[0]?.result;
  }

  it('rejects a free-form reply outside the window with window_closed and writes nothing', async () => {
    const c = await addCustomer(db, 24 * 3600_000 + 60_000);
    const id = randomUUID();
    const result = await push('messages.sendText', {
      id,
      conversationId: c.conversationId,
      body: 'Sneaky',
      now: Date.now() - 3600_000,
    });
    expect(result).toEqual({
      error: 'app',
      message:
        'More than 24 hours have passed since the customer last wrote: send an approved template instead.',
      details: { code: 'window_closed' },
    });
    expect(await messageRow(db, id)).toBeUndefined();
    expect(await jobsFor(id)).toEqual([]);
  });

  it('accepts a template to the same customer', async () => {
    const c = await addCustomer(db, 24 * 3600_000 + 60_000);
    const id = randomUUID();
    expect(
      await push('messages.sendTemplate', {
        id,
        conversationId: c.conversationId,
        templateId: 'tpl-order',
        params: ['Jana', 'SKB-1'],
        now: 1,
      }),
    ).toEqual({});
    expect((await messageRow(db, id)).status).toBe('pending');
    expect(await jobsFor(id)).toHaveLength(1);
  });

  it('POST /api/templates/refresh syncs now and reports each account, for signed-in writers only', async () => {
    expect((await app.request('/api/templates/refresh', { method: 'POST' })).status).toBe(401);
    const res = await app.request('/api/templates/refresh', { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(200);
    // This file's channel points at a closed port: the failure is reported, not thrown.
    expect(await res.json()).toEqual({
      ok: false,
      accounts: [
        {
          wabaId: '209000000000001',
          ok: false,
          count: 0,
          removed: 0,
          error: expect.stringMatching(/unreachable/),
        },
      ],
    });
  });
});
