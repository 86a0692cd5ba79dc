import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import { snapshot } from '../support/db-snapshot.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import {
  batchWebhook,
  FIXTURE_CUSTOMER_WA_ID,
  FIXTURE_PHONE_NUMBER_ID,
  fixtureMessage,
  fixtureWamid,
  messagesChange,
  messagesWebhook,
  statusesWebhook,
  templateStatusUpdateWebhook,
  webhookEnvelope,
} from '../support/webhook-fixtures.ts';
import { APP_SECRET, createHarness, type Harness, recountStats, VERIFY_TOKEN } from './inbound-harness.ts';

let db: TestDatabase;
let h: Harness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createHarness(db);
});
afterAll(() => db.drop());

async function reset() {
  await db.pool.query(
    `TRUNCATE message_reaction, message, attachment, conversation, contact, private.webhook_event,
       private.pending_status, private.reaction_event, private.media_download CASCADE`,
  );
  await db.pool.query('UPDATE channel_stats SET waiting_count = 0, unread_count = 0');
}

const T0 = 1_760_000_000; // unix seconds

describe('GET /webhooks/whatsapp (verification)', () => {
  it('echoes the challenge for the right token only', async () => {
    const ok = await h.app.request(
      `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await h.app.request(
      '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1',
    );
    expect(wrong.status).toBe(403);
    const noMode = await h.app.request(`/webhooks/whatsapp?hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`);
    expect(noMode.status).toBe(403);
    const script = await h.app.request(
      `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=%3Cscript%3E`,
    );
    expect(script.status).toBe(403);
  });
});

describe('POST /webhooks/whatsapp: every message type', () => {
  beforeEach(reset);

  it('stores each inbound type with a sensible body, preview and payload, in one conversation', async () => {
    const target = fixtureWamid();
    const messages = [
      fixtureMessage.text('Hello, my order SKB-42 has not arrived', { wamid: target, timestamp: T0 }),
      fixtureMessage.image({ caption: 'The parcel', timestamp: T0 + 1 }),
      fixtureMessage.video({ timestamp: T0 + 2 }),
      fixtureMessage.audio({ voice: true, timestamp: T0 + 3 }),
      fixtureMessage.document({ filename: 'invoice.pdf', timestamp: T0 + 4 }),
      fixtureMessage.sticker({ timestamp: T0 + 5 }),
      fixtureMessage.location({ name: 'Branch Brno', address: 'Masarykova 1', timestamp: T0 + 6 }),
      fixtureMessage.contacts(['Lucía Gómez'], { timestamp: T0 + 7 }),
      fixtureMessage.buttonReply('Yes, please', { timestamp: T0 + 8 }),
      fixtureMessage.listReply('Express delivery', { timestamp: T0 + 9 }),
      fixtureMessage.button('Track my order', { timestamp: T0 + 10 }),
      fixtureMessage.text('Replying to my first message', { replyTo: target, timestamp: T0 + 11 }),
      fixtureMessage.text('Forwarded text', {
        forwarded: true,
        frequentlyForwarded: true,
        timestamp: T0 + 12,
      }),
      fixtureMessage.unsupported({ details: 'Message type is currently not supported.', timestamp: T0 + 13 }),
      fixtureMessage.ofUnknownType(
        'order',
        { catalog_id: 'c1', text: 'two of these' },
        { timestamp: T0 + 14 },
      ),
      fixtureMessage.reaction(target, '👍', { timestamp: T0 + 15 }),
    ];
    const res = await h.post(
      messagesWebhook(messages, { names: { [FIXTURE_CUSTOMER_WA_ID]: 'Sheena Nelson' } }),
    );
    expect(res.status).toBe(200);

    const s = await snapshot(db);
    expect(s.contacts).toEqual([
      { wa_id: FIXTURE_CUSTOMER_WA_ID, profile_name: 'Sheena Nelson', phone: `+${FIXTURE_CUSTOMER_WA_ID}` },
    ]);
    expect(s.conversations).toHaveLength(1);
    const byType = new Map(s.messages.map((m) => [m.type as string, m]));
    expect(s.messages).toHaveLength(15); // the reaction attaches to its target instead of being a message
    expect(byType.get('text')?.direction).toBe('in');
    expect(byType.get('image')).toMatchObject({
      body: 'The parcel',
      mime_type: 'image/jpeg',
      attachment_state: 'pending',
    });
    expect(byType.get('audio')).toMatchObject({ filename: 'voice.ogg', attachment_state: 'pending' });
    expect(byType.get('document')).toMatchObject({ filename: 'invoice.pdf', mime_type: 'application/pdf' });
    expect(byType.get('location')?.body).toBe('Branch Brno, Masarykova 1');
    expect(byType.get('location')?.payload).toMatchObject({ latitude: 37.44221496582, name: 'Branch Brno' });
    expect(byType.get('contacts')?.body).toBe('Lucía Gómez');
    expect(
      s.messages
        .filter((m) => m.type === 'interactive')
        .map((m) => m.body)
        .sort(),
    ).toEqual(['Express delivery', 'Yes, please']);
    expect(byType.get('button')?.body).toBe('Track my order');
    expect(byType.get('unsupported')).toMatchObject({
      body: '[unsupported: Message type is currently not supported.]',
      error_code: 131051,
    });
    expect(byType.get('order')).toMatchObject({
      body: 'Order (catalog c1): no items\ntwo of these',
      payload: { catalog_id: 'c1', text: 'two of these' },
    });
    const reply = s.messages.find((m) => m.body === 'Replying to my first message');
    const first = s.messages.find((m) => m.wamid === target);
    expect(reply?.reply_to_wamid).toBe(target);
    expect(reply?.reply_to_message_id).toBe(first?.id);
    expect(s.messages.find((m) => m.body === 'Forwarded text')).toMatchObject({
      forwarded: true,
      frequently_forwarded: true,
    });
    expect(s.reactions).toEqual([
      { wamid: target, actor: 'customer', emoji: '👍', created_at: new Date((T0 + 15) * 1000) },
    ]);
    expect(s.mediaJobs).toHaveLength(5);

    const [conv] = s.conversations;
    expect(conv).toMatchObject({
      participant_name: 'Sheena Nelson',
      participant_phone: `+${FIXTURE_CUSTOMER_WA_ID}`,
      unread_count: 15,
      awaiting_reply: true,
      awaiting_since: new Date(T0 * 1000),
      customer_last_message_at: new Date((T0 + 14) * 1000),
      created_at: new Date(T0 * 1000),
      last_message_direction: 'in',
      last_message_status: 'received',
      last_message_preview: 'Order (catalog c1): no items two of these',
      last_message_at: new Date((T0 + 14) * 1000),
    });
    expect(s.stats).toEqual([{ channel_id: 'ch-test', waiting_count: 1, unread_count: 1 }]);
    expect(s.stats).toEqual(await recountStats(db));

    const { rows: events } = await db.pool.query(
      'SELECT outcome, body_sha256, body FROM private.webhook_event',
    );
    expect(events).toHaveLength(1);
    expect(events[0].outcome).toBe('applied');
    expect(events[0].body.entry[0].changes[0].value.messages).toHaveLength(16);
  });

  it('processes every entry, change and message of a big batch and renames a customer', async () => {
    const body = batchWebhook({ messages: 300, customers: 40, perChange: 25 });
    expect(body.entry).toHaveLength(2);
    const res = await h.post(body);
    expect(res.status).toBe(200);
    const s = await snapshot(db);
    expect(s.messages).toHaveLength(300);
    expect(s.conversations).toHaveLength(40);
    expect(s.conversations.reduce((n, c) => n + (c.unread_count as number), 0)).toBe(300);
    expect(s.stats).toEqual([{ channel_id: 'ch-test', waiting_count: 40, unread_count: 40 }]);
    expect(s.stats).toEqual(await recountStats(db));

    const renamed = messagesWebhook([fixtureMessage.text('New name', { from: '15550000001' })], {
      names: { '15550000001': 'Jana Nováková' },
    });
    expect((await h.post(renamed)).status).toBe(200);
    const { rows } = await db.pool.query(
      `SELECT ct.profile_name, c.participant_name FROM contact ct JOIN conversation c ON c.contact_id = ct.id
        WHERE ct.wa_id = '15550000001'`,
    );
    expect(rows).toEqual([{ profile_name: 'Jana Nováková', participant_name: 'Jana Nováková' }]);
  });

  it('updates stored templates from message_template_status_update', async () => {
    await db.pool.query(
      `INSERT INTO whatsapp_template (id, waba_id, name, language, category, status)
       VALUES ('tpl-1', '419561257915477', 'order_update', 'en_US', 'UTILITY', 'APPROVED')
       ON CONFLICT DO NOTHING`,
    );
    const res = await h.post(
      templateStatusUpdateWebhook({ event: 'REJECTED', name: 'order_update', reason: 'INCORRECT_CATEGORY' }),
    );
    expect(res.status).toBe(200);
    const { rows } = await db.pool.query(
      `SELECT status, rejected_reason, meta_id FROM whatsapp_template WHERE id = 'tpl-1'`,
    );
    expect(rows[0]).toEqual({
      status: 'REJECTED',
      rejected_reason: 'INCORRECT_CATEGORY',
      meta_id: '806312974732579',
    });
    await h.post(templateStatusUpdateWebhook({ event: 'APPROVED', name: 'order_update' }));
    const after = await db.pool.query(
      `SELECT status, rejected_reason FROM whatsapp_template WHERE id = 'tpl-1'`,
    );
    expect(after.rows[0]).toEqual({ status: 'APPROVED', rejected_reason: null });
    // A template we do not have yet is noted, not an error.
    const unknown = await h.post(templateStatusUpdateWebhook({ event: 'APPROVED', name: 'brand_new' }));
    expect(unknown.status).toBe(200);
    const { rows: ev } = await db.pool.query(
      `SELECT outcome, error FROM private.webhook_event ORDER BY id DESC LIMIT 1`,
    );
    expect(ev[0].outcome).toBe('partial');
    expect(ev[0].error).toMatch(/brand_new/);
  });
});

describe('POST /webhooks/whatsapp: refusals', () => {
  beforeEach(reset);
  const body = () => messagesWebhook([fixtureMessage.text('hi')]);
  const countEvents = async () =>
    (await db.pool.query('SELECT count(*)::int AS n FROM private.webhook_event')).rows[0].n;

  it('401 without a signature or with a wrong one, storing nothing', async () => {
    expect((await h.post(body(), { signature: null })).status).toBe(401);
    expect((await h.post(body(), { signature: 'sha256=deadbeef' })).status).toBe(401);
    expect((await h.post(body(), { signature: signWebhookBody('other bytes', APP_SECRET) })).status).toBe(
      401,
    );
    expect(
      (await h.post(body(), { signature: signWebhookBody(serializeLikeMeta(body()), 'wrong secret') }))
        .status,
    ).toBe(401);
    expect(await countEvents()).toBe(0);
    expect((await snapshot(db)).messages).toHaveLength(0);
  });

  it('checks the signature over the exact bytes (Meta escapes non-ASCII)', async () => {
    const payload = messagesWebhook([fixtureMessage.text('Dobrý den, žluťoučký kůň 🐴')]);
    const escaped = serializeLikeMeta(payload);
    const plain = JSON.stringify(payload);
    expect(escaped).not.toBe(plain);
    const res = await h.post(escaped, { raw: true, signature: signWebhookBody(plain, APP_SECRET) });
    expect(res.status).toBe(401);
    expect((await h.post(escaped, { raw: true })).status).toBe(200);
    expect((await snapshot(db)).messages[0]?.body).toBe('Dobrý den, žluťoučký kůň 🐴');
  });

  it('400 for malformed JSON and for JSON that is not a WhatsApp payload (signed), kept for the record', async () => {
    const malformed = await h.post('{"object":"whatsapp_business_account","entry":[', { raw: true });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('malformed_json');
    for (const wrong of [
      { object: 'page', entry: [] },
      { object: 'whatsapp_business_account', entry: 'nope' },
      {
        object: 'whatsapp_business_account',
        entry: [{ id: 1, changes: [{ field: 'messages', value: { metadata: { phone_number_id: 7 } } }] }],
      },
      [1, 2, 3],
      'just a string',
    ]) {
      const res = await h.post(wrong);
      expect(res.status, JSON.stringify(wrong)).toBe(400);
    }
    const { rows } = await db.pool.query(`SELECT outcome FROM private.webhook_event`);
    expect(rows.every((r) => r.outcome === 'rejected')).toBe(true);
    expect(rows).toHaveLength(6);
  });

  it('keeps a message of the wrong shape as unreadable instead of losing the batch', async () => {
    const good = fixtureMessage.text('fine', { timestamp: T0 });
    const bad = {
      from: FIXTURE_CUSTOMER_WA_ID,
      id: fixtureWamid(),
      timestamp: String(T0 + 1),
      type: 'location',
      location: { latitude: 'north' },
    };
    const res = await h.post(messagesWebhook([good, bad]));
    expect(res.status).toBe(200);
    const s = await snapshot(db);
    expect(s.messages.map((m) => m.type).sort()).toEqual(['text', 'unreadable']);
    expect(s.messages.find((m) => m.type === 'unreadable')).toMatchObject({
      body: '[unreadable location message]',
      error_title: 'Unreadable message',
    });
    const { rows } = await db.pool.query(`SELECT outcome, error FROM private.webhook_event`);
    expect(rows[0].outcome).toBe('partial');
    expect(rows[0].error).toMatch(/messages\[1\]/);
  });

  it('413 above the limit without reading further', async () => {
    const huge = messagesWebhook([fixtureMessage.text('x'.repeat(4 * 1024 * 1024))]);
    const res = await h.post(huge);
    expect(res.status).toBe(413);
    expect(await countEvents()).toBe(0);
  });

  it('acknowledges an unknown phone number id and records it', async () => {
    const other = messagesWebhook([fixtureMessage.text('to a number we do not serve')], {
      phoneNumberId: '999000999',
    });
    const res = await h.post(other);
    expect(res.status).toBe(200);
    const { rows } = await db.pool.query(
      'SELECT outcome, unknown_phone_number_ids FROM private.webhook_event',
    );
    expect(rows).toEqual([{ outcome: 'unknown_phone_number', unknown_phone_number_ids: ['999000999'] }]);
    expect((await snapshot(db)).messages).toHaveLength(0);

    // Mixed: the known part is applied, the unknown one recorded.
    const mixed = webhookEnvelope([
      messagesChange([fixtureMessage.text('ours')]),
      messagesChange([fixtureMessage.text('not ours')], { phoneNumberId: '999000999' }),
    ]);
    expect((await h.post(mixed)).status).toBe(200);
    const last = await db.pool.query(
      'SELECT outcome, unknown_phone_number_ids FROM private.webhook_event ORDER BY id DESC LIMIT 1',
    );
    expect(last.rows[0]).toEqual({ outcome: 'partial', unknown_phone_number_ids: ['999000999'] });
    expect((await snapshot(db)).messages.map((m) => m.body)).toEqual(['ours']);
  });

  it('stores bodies Postgres could not take as sent (NUL, lone surrogates) after cleaning them', async () => {
    const text = `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"${FIXTURE_PHONE_NUMBER_ID}"},"messages":[{"from":"${FIXTURE_CUSTOMER_WA_ID}","id":"wamid.NUL1","timestamp":"${T0}","type":"text","text":{"body":"a\\u0000b\\ud800c"}}]}}]}],"k\\u0000":1}`;
    const res = await h.post(text, { raw: true });
    expect(res.status).toBe(200);
    const s = await snapshot(db);
    expect(s.messages[0]?.body).toBe('a\uFFFDb\uFFFDc');
  });
});

describe("a conversation's row, written once per batch", () => {
  beforeEach(reset);

  // Every write of a conversation row is a change zero-cache replicates to every operator, and an
  // update touches every index of the table: a new customer's conversation is created with its summary.
  it("creates a new customer's conversation with its summary; a later message updates it once", async () => {
    await db.pool.query(`
      CREATE TABLE conversation_writes (op text NOT NULL);
      CREATE FUNCTION note_conversation_write() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN INSERT INTO conversation_writes VALUES (TG_OP); RETURN NULL; END $$;
      CREATE TRIGGER note_conversation_write AFTER INSERT OR UPDATE ON conversation
        FOR EACH ROW EXECUTE FUNCTION note_conversation_write();`);
    const writes = async () =>
      (await db.pool.query<{ op: string }>('SELECT op FROM conversation_writes ORDER BY op')).rows.map(
        (r) => r.op,
      );
    try {
      const first = messagesWebhook([
        fixtureMessage.text('Hello', { wamid: 'wamid.ONCE1', timestamp: T0 }),
        fixtureMessage.text('Anyone there?', { wamid: 'wamid.ONCE2', timestamp: T0 + 5 }),
      ]);
      expect((await h.post(first)).status).toBe(200);
      expect(await writes()).toEqual(['INSERT']);
      const s = await snapshot(db);
      expect(s.conversations).toHaveLength(1);
      expect(s.conversations[0]).toMatchObject({
        last_message_preview: 'Anyone there?',
        last_message_direction: 'in',
        last_message_status: 'received',
        unread_count: 2,
        awaiting_reply: true,
      });
      const { rows } = await db.pool.query(
        `SELECT c.last_message_id = m.id AS last_is_newest, c.created_at, c.awaiting_since, c.customer_last_message_at
           FROM conversation c JOIN message m ON m.wamid = 'wamid.ONCE2'`,
      );
      expect(rows[0]).toEqual({
        last_is_newest: true,
        created_at: new Date(T0 * 1000),
        awaiting_since: new Date(T0 * 1000),
        customer_last_message_at: new Date((T0 + 5) * 1000),
      });
      expect(s.stats).toEqual(await recountStats(db));

      // Redelivered: nothing written. A new message of the same customer: one update.
      expect((await h.post(first)).status).toBe(200);
      expect(await writes()).toEqual(['INSERT']);
      const next = messagesWebhook([
        fixtureMessage.text('Hello?', { wamid: 'wamid.ONCE3', timestamp: T0 + 60 }),
      ]);
      expect((await h.post(next)).status).toBe(200);
      expect(await writes()).toEqual(['INSERT', 'UPDATE']);
      expect((await snapshot(db)).conversations[0]).toMatchObject({
        unread_count: 3,
        last_message_preview: 'Hello?',
      });
    } finally {
      await db.pool.query(`DROP TRIGGER note_conversation_write ON conversation;
        DROP FUNCTION note_conversation_write(); DROP TABLE conversation_writes;`);
    }
  });
});

describe('statuses', () => {
  beforeEach(reset);

  it('moves an outbound message forward only, keeps failure details, and follows on the conversation', async () => {
    await h.post(messagesWebhook([fixtureMessage.text('hi', { timestamp: T0 })]));
    const { rows: conv } = await db.pool.query('SELECT id FROM conversation');
    const convId = conv[0].id as string;
    const wamid = fixtureWamid();
    const { insertOutbound } = await import('./inbound-harness.ts');
    await insertOutbound(db, convId, wamid, { at: new Date((T0 + 60) * 1000) });

    const { fixtureStatus } = await import('../support/webhook-fixtures.ts');
    await h.post(statusesWebhook([fixtureStatus.read(wamid, { timestamp: T0 + 70 })]));
    await h.post(statusesWebhook([fixtureStatus.delivered(wamid, { timestamp: T0 + 65 })]));
    const { rows } = await db.pool.query(
      'SELECT status, delivered_at, read_at FROM message WHERE wamid = $1',
      [wamid],
    );
    expect(rows[0]).toEqual({
      status: 'read',
      delivered_at: new Date((T0 + 65) * 1000),
      read_at: new Date((T0 + 70) * 1000),
    });
    const { rows: c } = await db.pool.query('SELECT last_message_status FROM conversation');
    expect(c[0].last_message_status).toBe('read');

    const failing = fixtureWamid();
    await insertOutbound(db, convId, failing, { at: new Date((T0 + 80) * 1000) });
    await h.post(statusesWebhook([fixtureStatus.failed(failing, undefined, { timestamp: T0 + 81 })]));
    await h.post(statusesWebhook([fixtureStatus.sent(failing, { timestamp: T0 + 80 })]));
    const { rows: f } = await db.pool.query(
      'SELECT status, error_code, error_title, error_detail FROM message WHERE wamid = $1',
      [failing],
    );
    expect(f[0]).toMatchObject({
      status: 'failed',
      error_code: 131047,
      error_title: 'Re-engagement message',
    });
    expect(f[0].error_detail).toMatch(/24 hours/);
    const { rows: c2 } = await db.pool.query(
      'SELECT last_message_status, last_message_error FROM conversation',
    );
    expect(c2[0]).toMatchObject({ last_message_status: 'failed' });
    expect(c2[0].last_message_error).toMatch(/24 hours/);
  });

  it('keeps a status that arrives before its message and applies it when the wamid is recorded', async () => {
    const { fixtureStatus } = await import('../support/webhook-fixtures.ts');
    const { applyPendingStatuses } = await import('../../server/conversations/apply-pending-statuses.ts');
    const { insertOutbound } = await import('./inbound-harness.ts');
    const wamid = fixtureWamid();
    await h.post(messagesWebhook([fixtureMessage.text('hi', { timestamp: T0 })]));
    const res = await h.post(
      statusesWebhook([
        fixtureStatus.sent(wamid, { timestamp: T0 + 10 }),
        fixtureStatus.delivered(wamid, { timestamp: T0 + 11 }),
      ]),
    );
    expect(res.status).toBe(200);
    expect((await snapshot(db)).pendingStatuses.map((p) => p.status)).toEqual(['delivered', 'sent']);

    const { rows: conv } = await db.pool.query('SELECT id FROM conversation');
    const id = await insertOutbound(db, conv[0].id, null, {
      status: 'pending',
      at: new Date((T0 + 9) * 1000),
    });
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('UPDATE message SET wamid = $2 WHERE id = $1', [id, wamid]);
      expect(await applyPendingStatuses(client, id, wamid)).toBe(2);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query('SELECT status, sent_at, delivered_at FROM message WHERE id = $1', [
      id,
    ]);
    expect(rows[0]).toEqual({
      status: 'delivered',
      sent_at: new Date((T0 + 9) * 1000),
      delivered_at: new Date((T0 + 11) * 1000),
    });
    expect((await snapshot(db)).pendingStatuses).toEqual([]);
  });
});
