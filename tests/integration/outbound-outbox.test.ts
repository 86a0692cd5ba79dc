import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStorageKey } from '../../server/files/file-store.ts';
import type { AppBindings, AppDeps } from '../../server/http/app-context.ts';
import type { OutboxRuntime, OutboxSettings } from '../../server/outbound/outbox-runtime.ts';
import {
  DEFAULT_OUTBOX_SETTINGS,
  type OutboxWorker,
  startOutboxWorker,
} from '../../server/outbound/outbox-worker.ts';
import { reserveSendSlot } from '../../server/outbound/send-rate-limit.ts';
import { runSendTypingJob } from '../../server/outbound/send-typing-job.ts';
import { syncTemplates } from '../../server/outbound/sync-templates.ts';
import { type FakeAnswer, FakeGraph, WABA_ID } from '../support/fake-graph.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { mutatorRunner, type RunMutator } from './mutator-runner.ts';
import {
  addCustomer,
  addTemplates,
  CHANNEL_ID,
  type Customer,
  deliverStatus,
  messageRow,
  seedOutbound,
  waitFor,
  webhookApp,
} from './outbound-harness.ts';
import { createTestDeps } from './test-app.ts';

// The outbox end to end on real Postgres: mutator → graphile-worker job → Graph API (a local fake over
// HTTP) → wamid and 'sent' → Meta's status webhooks through the real webhook endpoint.

let db: TestDatabase;
let deps: AppDeps;
let fake: FakeGraph;
let hooks: Hono<AppBindings>;
let worker: OutboxWorker;
let run: RunMutator;
/** Scripted answers per message id (biz_opaque_callback_data); anything unscripted is accepted. */
const scripts = new Map<string, FakeAnswer[]>();

const UNCERTAIN_WAIT_MS = 1500;

beforeAll(async () => {
  db = await createTestDatabase();
  deps = createTestDeps(db);
  fake = await new FakeGraph().start();
  await seedOutbound(db, deps, fake.base);
  await addTemplates(db);
  hooks = webhookApp(deps);
  fake.behave = (req) =>
    scripts.get(String(req.json?.biz_opaque_callback_data))?.shift() ?? { kind: 'accept' };
  // Like Meta: the 'sent' status webhook follows the acceptance, carrying our callback data.
  fake.onAccepted = (m) => {
    setTimeout(() => void deliverStatus(hooks, m, 'sent').catch(() => {}), 20);
  };
  run = mutatorRunner(deps, db.pool);
  worker = await startOutboxWorker(deps, {
    concurrency: 4,
    pollIntervalMs: 100,
    heartbeatMs: 200,
    graphTimeoutMs: 400,
    uncertainWaitMs: UNCERTAIN_WAIT_MS,
    confirmationPollMs: 200,
    // Jitter kept small so retries take milliseconds, not seconds (the formula is unit-tested).
    random: () => 0.01,
    crontab: '',
    syncTemplatesOnStart: false,
  });
});
afterAll(async () => {
  await worker?.stop();
  await fake?.close();
  await db?.drop();
});

async function sendText(c: Customer, body: string) {
  const id = randomUUID();
  await run('messages.sendText', { id, conversationId: c.conversationId, body, now: Date.now() });
  return id;
}

const statusOf = async (id: string) => (await messageRow(db, id))?.status as string;
const waitStatus = (id: string, status: string, timeoutMs = 20_000) =>
  waitFor(async () => (await statusOf(id)) === status, timeoutMs, `${id} to be ${status}`);
const requestsFor = (id: string) => fake.requests.filter((r) => r.json?.biz_opaque_callback_data === id);

describe('sending', () => {
  it('posts a reply once, records its wamid and sent; status webhooks then move it to read', async () => {
    const c = await addCustomer(db);
    const id = await sendText(c, 'Your parcel left today.');
    await waitStatus(id, 'sent');
    const [accepted] = fake.acceptedFor(id);
    expect(fake.acceptedFor(id)).toHaveLength(1);
    expect(accepted).toMatchObject({ to: c.waId, type: 'text', text: 'Your parcel left today.' });
    const msg = await messageRow(db, id);
    expect(msg.wamid).toBe(accepted?.wamid);
    expect(msg.sent_at).not.toBeNull();
    expect(
      (await db.pool.query('SELECT last_message_status FROM conversation WHERE id = $1', [c.conversationId]))
        .rows[0],
    ).toEqual({ last_message_status: 'sent' });
    if (!accepted) throw new Error('not accepted');
    await deliverStatus(hooks, accepted, 'delivered');
    await deliverStatus(hooks, accepted, 'read');
    await waitStatus(id, 'read');
    const { rows } = await db.pool.query(
      'SELECT done_at IS NOT NULL AS done FROM private.outbound_message WHERE message_id = $1',
      [id],
    );
    expect(rows[0].done).toBe(true);
  });

  it('keeps each customer in order while earlier messages are retried (5xx, 130429)', async () => {
    const c = await addCustomer(db);
    const other = await addCustomer(db);
    const first = randomUUID();
    scripts.set(first, [
      { kind: 'error', status: 503, html: true },
      { kind: 'error', status: 400, code: 130429, title: 'Rate limit hit' },
      { kind: 'error', status: 500, code: 131000, title: 'Something went wrong' },
    ]);
    await run('messages.sendText', {
      id: first,
      conversationId: c.conversationId,
      body: 'first',
      now: Date.now(),
    });
    const second = await sendText(c, 'second');
    const third = await sendText(c, 'third');
    const elsewhere = await sendText(other, 'another customer');
    await waitStatus(third, 'sent');
    await waitStatus(elsewhere, 'sent');
    expect(fake.accepted.filter((m) => m.to === c.waId).map((m) => m.text)).toEqual([
      'first',
      'second',
      'third',
    ]);
    expect(requestsFor(first)).toHaveLength(4);
    expect(requestsFor(second)).toHaveLength(1);
  });

  it('uploads an attachment from the file store, then sends it by media id', async () => {
    const c = await addCustomer(db);
    const attachmentId = randomUUID();
    const key = newStorageKey();
    const file = path.join(deps.env.fileStoreDir, key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, Buffer.from('%PDF-1.4 fake invoice'));
    await db.pool.query(
      `INSERT INTO attachment (id, filename, mime_type, size_bytes, storage_key, state, uploaded_by)
       VALUES ($1, 'invoice.pdf', 'application/pdf', 21, $2, 'ready', 'op-olga')`,
      [attachmentId, key],
    );
    const id = randomUUID();
    await run('messages.sendAttachment', {
      id,
      conversationId: c.conversationId,
      attachmentId,
      caption: 'Invoice',
      now: 1,
    });
    await waitStatus(id, 'sent');
    const upload = fake.uploads.at(-1);
    expect(upload).toMatchObject({ mimeType: 'application/pdf', size: 21, filename: 'invoice.pdf' });
    expect(fake.acceptedFor(id)[0]?.json).toMatchObject({
      type: 'document',
      document: { id: upload?.mediaId, caption: 'Invoice', filename: 'invoice.pdf' },
    });
  });

  it('sends a template with its parameters', async () => {
    const c = await addCustomer(db, 3 * 86400_000);
    const id = randomUUID();
    await run('messages.sendTemplate', {
      id,
      conversationId: c.conversationId,
      templateId: 'tpl-order',
      params: ['Jana', 'SKB-42'],
      now: 1,
    });
    await waitStatus(id, 'sent');
    expect(fake.acceptedFor(id)[0]?.json).toMatchObject({
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Jana' },
              { type: 'text', text: 'SKB-42' },
            ],
          },
        ],
      },
    });
  });

  it("sends a variable URL button's value as that button's parameter (issue 15.5)", async () => {
    await db.pool.query(
      `INSERT INTO whatsapp_template (id, waba_id, name, language, category, status, parameter_format, components)
       VALUES ('tpl-track', $1, 'order_track', 'en_US', 'UTILITY', 'APPROVED', 'POSITIONAL', $2)
       ON CONFLICT (id) DO NOTHING`,
      [
        WABA_ID,
        JSON.stringify([
          { type: 'BODY', text: 'Order {{1}} has shipped.' },
          {
            type: 'BUTTONS',
            buttons: [
              { type: 'QUICK_REPLY', text: 'Thanks' },
              { type: 'URL', text: 'Track', url: 'https://shop.example/track/{{1}}' },
            ],
          },
        ]),
      ],
    );
    const c = await addCustomer(db, 3 * 86400_000);
    const id = randomUUID();
    // Without the link's end the template is refused before anything is queued.
    await expect(
      run('messages.sendTemplate', {
        id: randomUUID(),
        conversationId: c.conversationId,
        templateId: 'tpl-track',
        params: ['SKB-42'],
        now: 1,
      }),
    ).rejects.toThrow(/link of button "Track" is missing/);
    await run('messages.sendTemplate', {
      id,
      conversationId: c.conversationId,
      templateId: 'tpl-track',
      params: ['SKB-42'],
      buttonParams: { '1': 'SKB-42' },
      now: 1,
    });
    await waitStatus(id, 'sent');
    expect(fake.acceptedFor(id)[0]?.json).toMatchObject({
      template: {
        name: 'order_track',
        components: [
          { type: 'body', parameters: [{ type: 'text', text: 'SKB-42' }] },
          { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'SKB-42' }] },
        ],
      },
    });
    // The template sync test below expects only the harness's templates.
    await db.pool.query(`UPDATE message SET template_name = NULL WHERE id = $1`, [id]);
    await db.pool.query(`DELETE FROM whatsapp_template WHERE id = 'tpl-track'`);
  });

  it('keeps Meta holding a template for a quality assessment on the message', async () => {
    const c = await addCustomer(db, 3 * 86400_000);
    const id = randomUUID();
    scripts.set(id, [{ kind: 'accept', messageStatus: 'held_for_quality_assessment' }]);
    await run('messages.sendTemplate', {
      id,
      conversationId: c.conversationId,
      templateId: 'tpl-order',
      params: ['Jana', 'SKB-42'],
      now: 1,
    });
    await waitStatus(id, 'sent');
    expect((await messageRow(db, id)).payload).toEqual({
      meta_message_status: 'held_for_quality_assessment',
    });
  });

  it('answers a username-only customer through `recipient`, or `to` when the channel says so', async () => {
    const c = await addCustomer(db);
    const bsuid = `US.${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    await db.pool.query(`UPDATE contact SET wa_id = $2, phone = '' WHERE id = $1`, [c.contactId, bsuid]);
    const first = await sendText(c, 'Hello by username');
    await waitStatus(first, 'sent');
    expect(fake.acceptedFor(first)[0]?.json).toMatchObject({ recipient: bsuid });
    expect(fake.acceptedFor(first)[0]?.json).not.toHaveProperty('to');
    await db.pool.query(`UPDATE channel SET bsuid_address_field = 'to'`);
    try {
      const second = await sendText(c, 'Hello again');
      await waitStatus(second, 'sent');
      expect(fake.acceptedFor(second)[0]?.json).toMatchObject({ to: bsuid });
    } finally {
      await db.pool.query(`UPDATE channel SET bsuid_address_field = 'recipient'`);
    }
  });

  it('sends the operator reaction and the read receipt for the latest customer message', async () => {
    const c = await addCustomer(db);
    const inbound = (await db.pool.query('SELECT id FROM message WHERE wamid = $1', [c.inboundWamid])).rows[0]
      .id;
    await run('messages.react', { id: randomUUID(), messageId: inbound, emoji: '👍' });
    await run('messages.markRead', { conversationId: c.conversationId });
    await waitFor(
      async () => fake.accepted.some((m) => m.type === 'reaction' && m.to === c.waId),
      10_000,
      'reaction',
    );
    await waitFor(async () => fake.readReceipts.includes(c.inboundWamid), 10_000, 'read receipt');
    expect(fake.accepted.find((m) => m.type === 'reaction' && m.to === c.waId)?.json).toMatchObject({
      reaction: { message_id: c.inboundWamid, emoji: '👍' },
    });
  });
});

describe('typing indicator', () => {
  it("an operator typing shows the customer 'typing…', at most once every 20 s per conversation", async () => {
    const c = await addCustomer(db);
    await run('viewers.here', { conversationId: c.conversationId, now: Date.now(), typing: true });
    await waitFor(async () => fake.typingIndicators.includes(c.inboundWamid), 10_000, 'typing indicator');
    expect(fake.readReceipts).toContain(c.inboundWamid);

    const other = await addCustomer(db);
    const rt = {
      pool: db.pool,
      deps,
      settings: { graphTimeoutMs: 2000 } as OutboxSettings,
    } as OutboxRuntime;
    const t = Date.now() + 60_000;
    const job = { conversationId: other.conversationId };
    expect(await runSendTypingJob(rt, job, () => t)).toBe('sent');
    expect(await runSendTypingJob(rt, job, () => t + 5_000)).toBe('skipped');
    expect(await runSendTypingJob(rt, job, () => t + 20_000)).toBe('sent');
    expect(fake.typingIndicators.filter((w) => w === other.inboundWamid)).toHaveLength(2);
    // Outside the 24-hour window there is nobody to show it to.
    const old = await addCustomer(db, 3 * 86400_000);
    expect(await runSendTypingJob(rt, { conversationId: old.conversationId })).toBe('skipped');
  });
});

describe('permanent errors', () => {
  it('131047 marks the message failed with Meta reason and offers a template, without retrying', async () => {
    const c = await addCustomer(db);
    const id = randomUUID();
    scripts.set(id, [
      {
        kind: 'error',
        status: 400,
        code: 131047,
        title: 'Re-engagement message',
        details:
          'Message failed to send because more than 24 hours have passed since the customer last replied.',
      },
    ]);
    await run('messages.sendText', { id, conversationId: c.conversationId, body: 'Hello?', now: Date.now() });
    await waitStatus(id, 'failed');
    expect(await messageRow(db, id)).toMatchObject({
      error_code: 131047,
      error_title: 'Re-engagement message',
      error_detail:
        'Message failed to send because more than 24 hours have passed since the customer last replied.',
      payload: { offerTemplate: true },
    });
    expect(
      (
        await db.pool.query(
          'SELECT last_message_status, last_message_error FROM conversation WHERE id = $1',
          [c.conversationId],
        )
      ).rows[0],
    ).toEqual({ last_message_status: 'failed', last_message_error: 'Re-engagement message' });
    expect(requestsFor(id)).toHaveLength(1);
  });

  it('132001 (template missing in that language) fails the template at once', async () => {
    const c = await addCustomer(db);
    const id = randomUUID();
    scripts.set(id, [
      { kind: 'error', status: 404, code: 132001, title: 'Template name does not exist in the translation' },
    ]);
    await run('messages.sendTemplate', {
      id,
      conversationId: c.conversationId,
      templateId: 'tpl-order',
      params: ['A', 'B'],
      now: 1,
    });
    await waitStatus(id, 'failed');
    expect(await messageRow(db, id)).toMatchObject({
      error_code: 132001,
      error_title: 'Template name does not exist in the translation',
    });
    expect(requestsFor(id)).toHaveLength(1);
  });

  it('a retry after a failure reuses the same job and sends once more', async () => {
    const c = await addCustomer(db);
    const id = randomUUID();
    scripts.set(id, [{ kind: 'error', status: 400, code: 131026, title: 'Message undeliverable' }]);
    await run('messages.sendText', { id, conversationId: c.conversationId, body: 'Try me', now: Date.now() });
    await waitStatus(id, 'failed');
    await run('messages.retry', { messageId: id });
    await waitStatus(id, 'sent');
    expect(requestsFor(id)).toHaveLength(2);
    expect(fake.acceptedFor(id)).toHaveLength(1);
  });
});

describe('a broken channel', () => {
  it('190 marks the channel broken and pauses its sends; they resume in order once it is fixed', async () => {
    const c = await addCustomer(db);
    const other = await addCustomer(db);
    const first = randomUUID();
    scripts.set(first, [{ kind: 'error', status: 401, code: 190, title: 'Access token expired' }]);
    await run('messages.sendText', {
      id: first,
      conversationId: c.conversationId,
      body: 'one',
      now: Date.now(),
    });
    await waitFor(
      async () =>
        (await db.pool.query('SELECT sends_paused FROM channel WHERE id = $1', [CHANNEL_ID])).rows[0]
          .sends_paused,
      10_000,
      'the channel to pause',
    );
    const channel = (
      await db.pool.query('SELECT health, health_error FROM channel WHERE id = $1', [CHANNEL_ID])
    ).rows[0];
    expect(channel.health).toBe('token_expired');
    expect(channel.health_error).toMatch(/access token is expired/i);
    const second = await sendText(c, 'two');
    const third = await sendText(other, 'three');
    const requestsWhilePaused = fake.requests.length;
    // Several heartbeats and polls later, nothing more went to Meta and nothing failed.
    await new Promise((r) => setTimeout(r, 1200));
    expect(fake.requests.length).toBe(requestsWhilePaused);
    for (const id of [first, second, third]) expect(await statusOf(id)).toBe('pending');
    const { rows } = await db.pool.query(
      'SELECT message_id, wait_reason FROM private.outbound_message WHERE message_id = ANY($1) ORDER BY seq',
      [[first, second, third]],
    );
    expect(rows.map((r) => r.wait_reason)).toEqual(['channel', 'channel', 'channel']);

    // An admin saves a new token and "Test connection" succeeds.
    await db.pool.query(
      `UPDATE channel SET health = 'ok', health_error = NULL, sends_paused = false WHERE id = $1`,
      [CHANNEL_ID],
    );
    for (const id of [first, second, third]) await waitStatus(id, 'sent');
    expect(fake.accepted.filter((m) => m.to === c.waId).map((m) => m.text)).toEqual(['one', 'two']);
    expect(requestsFor(first)).toHaveLength(2);
  });
});

describe('131056: too many messages to one customer', () => {
  it('waits for that customer only, at least 6 s, while others are served', async () => {
    const slow = await addCustomer(db);
    const other = await addCustomer(db);
    const id = randomUUID();
    scripts.set(id, [{ kind: 'error', status: 400, code: 131056, title: 'Pair rate limit hit' }]);
    await run('messages.sendText', {
      id,
      conversationId: slow.conversationId,
      body: 'wait for me',
      now: Date.now(),
    });
    await waitFor(async () => requestsFor(id).length === 1, 10_000, 'the first attempt');
    const waiting = await waitFor(async () => {
      const { rows } = await db.pool.query(
        `SELECT wait_reason, extract(epoch FROM next_attempt_at - now()) * 1000 AS in_ms
           FROM private.outbound_message WHERE message_id = $1`,
        [id],
      );
      return rows[0]?.wait_reason === 'pair_limit' ? rows[0] : null;
    });
    expect(Number(waiting.in_ms)).toBeGreaterThan(4000);
    const meanwhile = await sendText(other, 'not blocked');
    await waitStatus(meanwhile, 'sent');
    expect(await statusOf(id)).toBe('pending');
    await waitStatus(id, 'sent', 20_000);
    expect(fake.acceptedFor(id)).toHaveLength(1);
  });
});

describe('when the outcome of a send is unknown', () => {
  it('a timeout after Meta accepted: the status webhook proves it, nothing is sent twice', async () => {
    const c = await addCustomer(db);
    const id = randomUUID();
    scripts.set(id, [{ kind: 'accept_then_drop' }]);
    await run('messages.sendText', {
      id,
      conversationId: c.conversationId,
      body: 'slow answer',
      now: Date.now(),
    });
    await waitStatus(id, 'sent');
    expect(fake.acceptedFor(id)).toHaveLength(1);
    expect(requestsFor(id)).toHaveLength(1);
    expect((await messageRow(db, id)).wamid).toBe(fake.acceptedFor(id)[0]?.wamid);
  });

  it('a request lost before Meta saw it: with no status webhook, it is sent again after the wait', async () => {
    const c = await addCustomer(db);
    const id = randomUUID();
    scripts.set(id, [{ kind: 'drop' }]);
    await run('messages.sendText', {
      id,
      conversationId: c.conversationId,
      body: 'lost once',
      now: Date.now(),
    });
    await waitStatus(id, 'sent');
    expect(requestsFor(id)).toHaveLength(2);
    expect(fake.acceptedFor(id)).toHaveLength(1);
  });
});

describe('templates', () => {
  const template = (id: string, name: string, status = 'APPROVED', text = 'Hello {{1}}') => ({
    id,
    name,
    language: 'en_US',
    status,
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [{ type: 'BODY', text }],
  });

  it('syncs every page of message_templates, updates changes and removes what Meta no longer has', async () => {
    fake.templatePages = [
      [template('1001', 'welcome'), template('1002', 'order_update')],
      [template('1003', 'promo', 'PENDING')],
    ];
    const rt = { pool: db.pool, deps, settings: DEFAULT_OUTBOX_SETTINGS };
    expect(await syncTemplates(rt)).toEqual([{ wabaId: WABA_ID, ok: true, count: 3, removed: 2 }]);
    const names = async () =>
      (
        await db.pool.query(
          'SELECT name, status, components FROM whatsapp_template WHERE waba_id = $1 ORDER BY name',
          [WABA_ID],
        )
      ).rows;
    expect((await names()).map((r) => [r.name, r.status])).toEqual([
      ['order_update', 'APPROVED'],
      ['promo', 'PENDING'],
      ['welcome', 'APPROVED'],
    ]);
    fake.templatePages = [
      [template('1001', 'welcome', 'APPROVED', 'Welcome {{1}}!'), template('1003', 'promo', 'APPROVED')],
    ];
    expect(await syncTemplates(rt)).toEqual([{ wabaId: WABA_ID, ok: true, count: 2, removed: 1 }]);
    expect(await names()).toEqual([
      { name: 'promo', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hello {{1}}' }] },
      { name: 'welcome', status: 'APPROVED', components: [{ type: 'BODY', text: 'Welcome {{1}}!' }] },
    ]);
  });

  it('templates.refresh queues the sync for the worker', async () => {
    fake.templatePages = [[template('1004', 'refreshed')]];
    await run('templates.refresh', {});
    await waitFor(
      async () =>
        (await db.pool.query(`SELECT 1 FROM whatsapp_template WHERE name = 'refreshed'`)).rowCount === 1,
      10_000,
      'the refreshed template',
    );
  });
});

describe('throughput per business number', () => {
  it('spaces sends 1/rate apart, so no second ever holds more than the rate (shared in Postgres)', async () => {
    await db.pool.query(
      `INSERT INTO channel (id, slot, display_phone_number, phone_number_id, waba_id) VALUES ('ch-rate', 2, '1', '1', '')`,
    );
    const at = new Date('2026-01-01T00:00:00Z');
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) delays.push(await reserveSendSlot(db.pool, 'ch-rate', 5, at));
    // A burst of a second's worth first would put 9 sends into the first second at 5/s.
    expect(delays).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800]);
    const inWindow = delays.map((start) => delays.filter((d) => d >= start && d < start + 1000).length);
    expect(Math.max(...inWindow)).toBe(5);
    // Once the backlog has drained, a send goes out at once again.
    const later = new Date(at.getTime() + 3000);
    expect(await reserveSendSlot(db.pool, 'ch-rate', 5, later)).toBe(0);
  });
});
