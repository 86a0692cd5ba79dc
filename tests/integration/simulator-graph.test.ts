// The simulator plays Meta for the product: its Graph answers match Meta's OpenAPI description and the
// product's own Graph client, and its webhooks drive the real inbound pipeline end to end.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyPendingStatuses } from '../../server/conversations/apply-pending-statuses.ts';
import { withTransaction } from '../../server/db/pool.ts';
import { GraphApiError } from '../../server/whatsapp/graph-error.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { validateAgainstMetaSpec } from '../unit/whatsapp/meta-openapi.ts';
import { createSimHarness, SIM_CHANNEL, SIM_PNID, SIM_WABA, type SimHarness } from './simulator-harness.ts';

let db: TestDatabase;
let h: SimHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createSimHarness(db);
});
afterAll(() => db.drop());
beforeEach(async () => {
  await h.sim('DELETE', '/failures');
});

const expectSpec = (method: string, path: string, status: number, body: unknown) => {
  const result = validateAgainstMetaSpec(method, path, 'response', status, body);
  expect(result.errors).toEqual([]);
};

/** Records an outbound message as the outbox would after the Graph API accepted it. */
// Records the send as the outbox does: the simulator's statuses may already have arrived (on a busy
// machine they often do), so pending ones are applied in the same transaction.
async function recordOutbound(conversationId: string, wamid: string) {
  const id = `out-${wamid.slice(-10)}`;
  await withTransaction(db.pool, async (client) => {
    await client.query(
      `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status) VALUES ($1, $2, $3, 'out', 'text', 'x', 'sent')`,
      [id, conversationId, wamid],
    );
    await applyPendingStatuses(client, id, wamid);
  });
  return id;
}

async function newCustomer(name: string) {
  const res = await h.sim('POST', '/customers', { name });
  expect(res.status).toBe(201);
  return res.json.customer.waId as string;
}

describe('customer → product', () => {
  it('a customer message reaches the product through a signed webhook', async () => {
    const waId = await newCustomer('Jana Nováková');
    const sent = await h.sim('POST', `/customers/${waId}/messages`, {
      type: 'text',
      text: 'Dobrý den, kde je můj balík?',
    });
    expect(sent.status).toBe(201);
    await h.idle();
    const { rows } = await db.pool.query(
      `SELECT m.wamid, m.body, c.participant_name, c.unread_count, c.awaiting_reply FROM message m
         JOIN conversation c ON c.id = m.conversation_id JOIN contact ct ON ct.id = c.contact_id WHERE ct.wa_id = $1`,
      [waId],
    );
    expect(rows).toEqual([
      {
        wamid: sent.json.wamid,
        body: 'Dobrý den, kde je můj balík?',
        participant_name: 'Jana Nováková',
        unread_count: 1,
        awaiting_reply: true,
      },
    ]);
    const thread = await h.sim('GET', `/customers/${waId}/messages`);
    expect(thread.json.messages[0]).toMatchObject({
      from: 'mine',
      status: 'delivered',
      text: 'Dobrý den, kde je můj balík?',
    });
  });

  it('a photo is downloaded by the media worker through the Graph API and served to operators only', async () => {
    const waId = await newCustomer('Photo Sender');
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const sent = await h.sim('POST', `/customers/${waId}/messages`, {
      type: 'image',
      mimeType: 'image/png',
      dataBase64: png.toString('base64'),
      caption: 'the dent',
    });
    expect(sent.status).toBe(201);
    await h.idle();
    const { rows } = await db.pool.query(
      `SELECT a.id, a.state FROM message m JOIN attachment a ON a.id = m.attachment_id WHERE m.wamid = $1`,
      [sent.json.wamid],
    );
    expect(rows[0].state).toBe('pending');
    expect(await h.media.drain()).toBe(1);
    const { rows: after } = await db.pool.query(
      'SELECT state, size_bytes, mime_type, sha256 FROM attachment WHERE id = $1',
      [rows[0].id],
    );
    expect(after[0]).toMatchObject({ state: 'ready', size_bytes: png.byteLength, mime_type: 'image/png' });

    const cookie = await h.login();
    const file = await h.app.request(`/files/${rows[0].id}`, { headers: { cookie } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="image\.png"/);
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    const download = await h.app.request(`/files/${rows[0].id}?download=1`, { headers: { cookie } });
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect((await h.app.request(`/files/${rows[0].id}`)).status).toBe(401);
  });

  it('reactions and replies arrive attached to their messages', async () => {
    const waId = await newCustomer('Reacting Rita');
    const first = await h.sim('POST', `/customers/${waId}/messages`, { type: 'text', text: 'first' });
    await h.sim('POST', `/customers/${waId}/messages`, {
      type: 'text',
      text: 'about that',
      replyTo: first.json.wamid,
    });
    await h.sim('POST', `/customers/${waId}/messages`, {
      type: 'reaction',
      targetWamid: first.json.wamid,
      emoji: '🙏',
    });
    await h.sim('POST', `/customers/${waId}/messages`, {
      type: 'location',
      latitude: 49.19,
      longitude: 16.61,
      name: 'Brno',
    });
    await h.idle();
    const { rows } = await db.pool.query(
      `SELECT m.body, m.type, r.body AS quoted FROM message m LEFT JOIN message r ON r.id = m.reply_to_message_id
         JOIN conversation c ON c.id = m.conversation_id JOIN contact ct ON ct.id = c.contact_id
        WHERE ct.wa_id = $1 ORDER BY m.created_at, m.body`,
      [waId],
    );
    expect(rows.map((r) => [r.type, r.body, r.quoted])).toEqual(
      expect.arrayContaining([
        ['text', 'about that', 'first'],
        ['location', 'Brno', null],
      ]),
    );
    const { rows: reactions } = await db.pool.query(
      `SELECT r.emoji FROM message_reaction r JOIN message m ON m.id = r.message_id WHERE m.wamid = $1`,
      [first.json.wamid],
    );
    expect(reactions).toEqual([{ emoji: '🙏' }]);
  });
});

describe('product → customer (Graph API)', () => {
  it('sends a text in the window: Meta-shaped answer, then sent → delivered → read webhooks', async () => {
    const waId = await newCustomer('Window Open');
    await h.sim('POST', `/customers/${waId}/messages`, { type: 'text', text: 'hi' });
    await h.idle();
    const { rows: conv } = await db.pool.query(
      'SELECT c.id FROM conversation c JOIN contact ct ON ct.id = c.contact_id WHERE ct.wa_id = $1',
      [waId],
    );
    const raw = await h.fetch(`http://127.0.0.1:3000/simulator-api/graph/v23.0/${SIM_PNID}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: `+${waId}`,
        type: 'text',
        text: { body: 'Hello from CDESK' },
      }),
    });
    expect(raw.status).toBe(200);
    const answer = await raw.json();
    expectSpec('post', '/{Version}/{Phone-Number-ID}/messages', 200, answer);
    const wamid = answer.messages[0].id as string;
    expect(answer.contacts[0]).toEqual({ input: `+${waId}`, wa_id: waId });
    await recordOutbound(conv[0].id, wamid);
    await expect
      .poll(
        async () =>
          (await db.pool.query('SELECT status FROM message WHERE wamid = $1', [wamid])).rows[0].status,
        {
          timeout: 15_000,
        },
      )
      .toBe('delivered');

    // The business's row changes while its webhook request runs; the phone's own copy only once that
    // request has answered 200 (the dispatcher's onDelivered): wait for the dispatcher, not for the row.
    await h.idle();
    const thread = await h.sim('GET', `/customers/${waId}/messages`);
    expect(thread.json.messages.at(-1)).toMatchObject({
      from: 'theirs',
      text: 'Hello from CDESK',
      status: 'delivered',
    });
    expect((await h.sim('POST', `/customers/${waId}/read`, {})).json.read).toBe(1);
    await h.idle();
    expect(
      (await db.pool.query('SELECT status, read_at FROM message WHERE wamid = $1', [wamid])).rows[0].status,
    ).toBe('read');
  });

  it('accepts a free-form message outside the 24-hour window, then reports 131047', async () => {
    const waId = await newCustomer('Never Wrote');
    const client = await h.graph();
    const sent = await client.sendText(waId, 'Are you still interested?');
    await h.idle();
    const thread = await h.sim('GET', `/customers/${waId}/messages`);
    expect(thread.json.messages[0]).toMatchObject({
      status: 'failed',
      error: '131047 Re-engagement message',
    });
    const { rows } = await db.pool.query(
      'SELECT status, wamid FROM private.pending_status WHERE wamid = $1',
      [sent.wamid],
    );
    expect(rows.map((r) => r.status)).toEqual(['failed']);
  });

  it('sends approved templates (positional and named), refuses unknown ones and wrong parameter counts', async () => {
    const waId = await newCustomer('Template Target');
    const client = await h.graph();
    const ok = await client.sendTemplate(waId, {
      name: 'order_update',
      language: 'en_US',
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Tom' },
            { type: 'text', text: 'SKB-7' },
          ],
        },
      ],
    });
    expect(ok.messageStatus).toBe('accepted');
    await client.sendTemplate(waId, {
      name: 'hello_again',
      language: 'en_US',
      components: [
        { type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Tom' }] },
      ],
    });
    await h.idle();
    const thread = await h.sim('GET', `/customers/${waId}/messages`);
    expect(thread.json.messages.map((m: { text: string }) => m.text)).toEqual([
      'Hello Tom, your order SKB-7 is on its way.\n\nCDESK demo',
      'Hi Tom, we are following up on your request. Reply to continue.',
    ]);
    // Status progress runs on the simulator's timers: wait for it rather than for one idle moment.
    await expect
      .poll(async () => (await h.sim('GET', `/customers/${waId}/messages`)).json.messages[0]?.status, {
        timeout: 15_000,
      })
      .toBe('delivered');
    const wrongCount = client.sendTemplate(waId, { name: 'order_update', language: 'en_US', components: [] });
    await expect(wrongCount).rejects.toMatchObject({ code: 132000, classification: 'permanent' });
    await expect(client.sendTemplate(waId, { name: 'nope', language: 'en_US' })).rejects.toMatchObject({
      code: 132001,
    });
    await expect(client.sendTemplate(waId, { name: 'spring_sale', language: 'en_US' })).rejects.toMatchObject(
      { code: 132001 },
    );
  });

  it('uploads media, resolves it to a short-lived URL and downloads the same bytes', async () => {
    const client = await h.graph();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const { mediaId } = await client.uploadMedia(bytes, 'image/jpeg', 'photo.jpg');
    const info = await client.getMediaUrl(mediaId);
    expect(info).toMatchObject({ id: mediaId, mime_type: 'image/jpeg', file_size: 8 });
    expect(await client.downloadMedia(info.url)).toEqual(bytes);
    const raw = await h.fetch(`http://127.0.0.1:3000/simulator-api/graph/v23.0/${mediaId}`, {
      headers: { authorization: `Bearer ${await tokenOf()}` },
    });
    expectSpec('get', '/{Version}/{Media-ID}', 200, await raw.json());
    const expired = new URL(info.url);
    expired.searchParams.set('expires', String(Date.now() - 1));
    await expect(client.downloadMedia(expired.toString())).rejects.toMatchObject({ httpStatus: 404 });
    await expect(
      client.uploadMedia(new Uint8Array([1]), 'application/x-msdownload', 'x.exe'),
    ).rejects.toMatchObject({ code: 131053 });
  });

  it('lists every template through paging and describes the phone number', async () => {
    const client = await h.graph();
    const templates = await client.listTemplates();
    expect(templates.map((t) => t.name)).toEqual([
      'order_update',
      'hello_again',
      'delivery_photo',
      'appointment_reminder',
      'spring_sale',
      'account_alert',
    ]);
    const page = await h.fetch(
      `http://127.0.0.1:3000/simulator-api/graph/v23.0/${SIM_WABA}/message_templates?limit=2&fields=name,language,status,category,components`,
      { headers: { authorization: `Bearer ${await tokenOf()}` } },
    );
    const json = await page.json();
    expect(json.data).toHaveLength(2);
    expect(json.paging.next).toMatch(/after=/);
    expectSpec('get', '/{Version}/{WABA-ID}/message_templates', 200, json);
    const phone = await client.getPhoneNumber();
    expect(phone).toMatchObject({ id: SIM_PNID, quality_rating: 'GREEN' });
    const raw = await h.fetch(`http://127.0.0.1:3000/simulator-api/graph/v23.0/${SIM_PNID}`, {
      headers: { authorization: `Bearer ${await tokenOf()}` },
    });
    expectSpec('get', '/{Version}/{Phone-Number-ID}', 200, await raw.json());
  });

  it('refuses a wrong token with code 190 (a broken channel for the product)', async () => {
    const client = await h.graph('not-the-token');
    const error = await client.sendText('420777000111', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ httpStatus: 401, code: 190, classification: 'channel_broken' });
    const raw = await h.fetch(`http://127.0.0.1:3000/simulator-api/graph/v23.0/${SIM_PNID}`, {
      headers: { authorization: 'Bearer nope' },
    });
    expectSpec('get', '/{Version}/{Phone-Number-ID}', 401, await raw.json());
  });

  it('marks customer messages read when the business sends a read receipt', async () => {
    const waId = await newCustomer('Blue Ticks');
    const a = await h.sim('POST', `/customers/${waId}/messages`, { type: 'text', text: 'one' });
    const b = await h.sim('POST', `/customers/${waId}/messages`, { type: 'text', text: 'two' });
    await h.idle();
    await (await h.graph()).markRead(b.json.wamid, { typing: true });
    const thread = await h.sim('GET', `/customers/${waId}/messages`);
    expect(thread.json.messages.map((m: { wamid: string; status: string }) => [m.wamid, m.status])).toEqual([
      [a.json.wamid, 'read'],
      [b.json.wamid, 'read'],
    ]);
  });
});

describe('template lifecycle', () => {
  it('a status change in the simulated Business Suite reaches the stored template through its webhook', async () => {
    await db.pool.query(
      `INSERT INTO whatsapp_template (id, waba_id, name, language, category, status)
       VALUES ('tpl-sim', $1, 'order_update', 'en_US', 'UTILITY', 'APPROVED')`,
      [SIM_WABA],
    );
    const res = await h.sim('POST', '/templates/status', {
      name: 'order_update',
      language: 'en_US',
      event: 'PAUSED',
    });
    expect(res.status).toBe(200);
    await h.idle();
    const { rows } = await db.pool.query(
      `SELECT status, meta_id FROM whatsapp_template WHERE id = 'tpl-sim'`,
    );
    expect(rows[0]).toEqual({ status: 'PAUSED', meta_id: '1011000000000001' });
    const client = await h.graph();
    await expect(
      client.sendTemplate('420777000222', {
        name: 'order_update',
        language: 'en_US',
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
        ],
      }),
    ).rejects.toMatchObject({ code: 132015 });
    await h.sim('POST', '/templates/status', {
      name: 'order_update',
      language: 'en_US',
      event: 'REINSTATED',
    });
    await h.idle();
    expect(
      (await db.pool.query(`SELECT status FROM whatsapp_template WHERE id = 'tpl-sim'`)).rows[0].status,
    ).toBe('APPROVED');
  });
});

describe('failures on demand', () => {
  it('fails the Graph call itself (throttling), then lets the retry through', async () => {
    const waId = await newCustomer('Throttled');
    await h.sim('POST', `/customers/${waId}/messages`, { type: 'text', text: 'hi' });
    await h.idle();
    const rule = await h.sim('POST', '/failures', { stage: 'accept', errorCode: 130429, waId, count: 1 });
    expect(rule.status).toBe(201);
    const client = await h.graph();
    await expect(client.sendText(waId, 'first try')).rejects.toMatchObject({
      code: 130429,
      classification: 'transient',
    });
    const second = await client.sendText(waId, 'second try');
    expect(second.wamid).toMatch(/^wamid\./);
  });

  it('answers 5xx on demand and reports undeliverable messages through a failed status', async () => {
    const waId = await newCustomer('Unlucky');
    await h.sim('POST', `/customers/${waId}/messages`, { type: 'text', text: 'hi' });
    await h.idle();
    await h.sim('POST', '/failures', { stage: 'accept', errorCode: 131000, httpStatus: 500, count: 1 });
    await h.sim('POST', '/failures', { stage: 'delivery', errorCode: 131026, waId, count: 1 });
    const client = await h.graph();
    await expect(client.sendText(waId, 'x')).rejects.toMatchObject({
      httpStatus: 500,
      classification: 'transient',
    });
    const sent = await client.sendText(waId, 'y');
    await h.idle();
    const { rows } = await db.pool.query(
      'SELECT status, errors FROM private.pending_status WHERE wamid = $1',
      [sent.wamid],
    );
    expect(rows).toEqual([{ status: 'failed', errors: expect.objectContaining({ code: 131026 }) }]);
  });

  it('accepts but answers too late (the message still goes out)', async () => {
    h.engine.setConfig({ slowResponseMs: 300 });
    const waId = await newCustomer('Slow Network');
    await h.sim('POST', `/customers/${waId}/messages`, { type: 'text', text: 'hi' });
    await h.idle();
    await h.sim('POST', '/failures', {
      stage: 'accept',
      errorCode: 131000,
      mode: 'accept_then_timeout',
      count: 1,
    });
    const client = new (await import('../../server/whatsapp/graph-client.ts')).GraphClient({
      graphUrl: `http://127.0.0.1:3000/simulator-api/graph/v23.0`,
      accessToken: await tokenOf(),
      phoneNumberId: SIM_PNID,
      wabaId: SIM_WABA,
      timeoutMs: 100,
      fetch: h.fetch,
    });
    await expect(client.sendText(waId, 'did it go?')).rejects.toMatchObject({ timedOut: true });
    await new Promise((r) => setTimeout(r, 400));
    await h.idle();
    const thread = await h.sim('GET', `/customers/${waId}/messages`);
    expect(thread.json.messages.at(-1)).toMatchObject({ text: 'did it go?', status: 'delivered' });
  });
});

describe('who may use the simulator (issue 14.9)', () => {
  it('only signed-in operators play customers', async () => {
    const anonymous = [
      await h.sim('GET', '/customers', undefined, ''),
      await h.sim('POST', '/customers', { name: 'Nobody' }, ''),
      await h.sim('POST', '/customers/420777000001/messages', { type: 'text', text: 'x' }, ''),
      await h.sim('POST', '/customers/420777000001/events', { kind: 'app_echo', text: 'x' }, ''),
      await h.sim('POST', '/account-update', { event: 'DISABLED_UPDATE' }, ''),
      await h.sim('POST', '/config', { duplicateRate: 1 }, ''),
      await h.sim('GET', '/media/any', undefined, ''),
    ];
    expect(anonymous.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 401]);
    expect(anonymous[0]?.json).toMatchObject({ error: { code: 'unauthenticated' } });
    expect((await h.sim('GET', '/customers')).status).toBe(200);
  });

  it('refuses bodies over its limits', async () => {
    const config = await h.app.request('/simulator-api/config', {
      method: 'POST',
      headers: { cookie: await h.login(), 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(100 * 1024) }),
    });
    expect(config.status).toBe(413);
    const customer = await h.sim('POST', '/customers', { name: 'Big Sender' });
    const huge = await h.app.request(`/simulator-api/customers/${customer.json.customer.waId}/messages`, {
      method: 'POST',
      headers: { cookie: await h.login(), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'text', text: 'x'.repeat(25 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
  });
});

describe('where the simulator is off', () => {
  it('is off once a business number talks to Meta, and everything in production', async () => {
    const customer = await h.sim('POST', '/customers', { name: 'Meta Mode' });
    await db.pool.query(`UPDATE channel SET mode = 'meta' WHERE id = $1`, [SIM_CHANNEL]);
    const res = await h.sim('POST', `/customers/${customer.json.customer.waId}/messages`, {
      type: 'text',
      text: 'x',
      phoneNumberId: SIM_PNID,
    });
    expect(res.status).toBe(404);
    expect((await h.sim('GET', '/customers')).status).toBe(404);
    expect(
      (
        await h.sim('POST', `/customers/${customer.json.customer.waId}/events`, {
          kind: 'app_echo',
          text: 'x',
        })
      ).status,
    ).toBe(404);
    await db.pool.query(`UPDATE channel SET mode = 'simulator' WHERE id = $1`, [SIM_CHANNEL]);
    expect((await h.sim('GET', '/customers')).status).toBe(200);

    const prodDb = await createTestDatabase();
    try {
      const prod = await createSimHarness(prodDb, {
        env: { NODE_ENV: 'production', ENCRYPTION_KEY: 'k'.repeat(32), ZERO_ADMIN_PASSWORD: 'p'.repeat(20) },
      });
      expect((await prod.sim('GET', '/customers')).status).toBe(404);
      const graph = await prod.app.request(`/simulator-api/graph/v23.0/${SIM_PNID}`);
      expect(graph.status).toBe(404);
    } finally {
      await prodDb.drop();
    }
  });
});

async function tokenOf(): Promise<string> {
  const { loadChannelConfig } = await import('../../server/channels/channel-config.ts');
  const channel = await loadChannelConfig(db.pool, h.deps.secretBox, h.deps.env, { id: SIM_CHANNEL });
  return channel?.accessToken ?? '';
}
