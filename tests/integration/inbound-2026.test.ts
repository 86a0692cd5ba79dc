// Webhooks Meta added or changed by 2026 (issue 15): coexistence echoes, edits and deletes, usernames
// and re-linked customers, marketing preferences, account alerts, calls, the Business Agent, pricing,
// template categories, and Meta's per-message errors. Each case also holds in any delivery order.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dayKey } from '../../schema/day-key.ts';
import { snapshot } from '../support/db-snapshot.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import {
  FIXTURE_CUSTOMER_WA_ID,
  FIXTURE_WABA_ID,
  fixtureMessage,
  fixtureStatus,
  messagesWebhook,
  statusesWebhook,
} from '../support/webhook-fixtures.ts';
import {
  accountUpdateWebhook,
  appEchoWebhook,
  callWebhook,
  editWebhook,
  historyWebhook,
  standbyWebhook,
  systemMessageWebhook,
  templateCategoryWebhook,
  usernameMessageWebhook,
  userPreferencesWebhook,
} from '../support/webhook-fixtures-2026.ts';
import { CHANNEL_ID, createHarness, type Harness, insertOutbound, recountStats } from './inbound-harness.ts';

let db: TestDatabase;
let h: Harness;
const T0 = Math.floor(Date.now() / 1000) - 3600;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createHarness(db);
});
afterAll(() => db.drop());

beforeEach(async () => {
  await db.pool.query(
    `TRUNCATE channel_day_stats, message_reaction, message, attachment, conversation, contact, private.webhook_event,
       private.pending_status, private.reaction_event, private.media_download, private.message_change,
       private.contact_alias CASCADE`,
  );
  await db.pool.query('UPDATE channel_stats SET waiting_count = 0, unread_count = 0');
  await db.pool.query('UPDATE channel SET account_alert = NULL, account_alert_at = NULL');
});

async function postAll(bodies: unknown[]) {
  for (const body of bodies) {
    const res = await h.post(body);
    expect(res.status).toBe(200);
  }
}

const conversation = async () =>
  (
    await db.pool.query(
      `SELECT c.*, ct.wa_id, ct.username, ct.phone FROM conversation c JOIN contact ct ON ct.id = c.contact_id`,
    )
  ).rows;
const message = async (wamid: string) =>
  (await db.pool.query('SELECT * FROM message WHERE wamid = $1', [wamid])).rows[0];
const outcomes = async () =>
  (await db.pool.query('SELECT outcome, error FROM private.webhook_event ORDER BY id')).rows;

describe('coexistence: what the business typed in the WhatsApp Business app', () => {
  it('is an outbound message sent from the phone app that answers the customer but does not open the window', async () => {
    await postAll([
      messagesWebhook([fixtureMessage.text('Is my order ready?', { wamid: 'wamid.Q', timestamp: T0 })]),
      appEchoWebhook('Yes, come by at 5', { wamid: 'wamid.ECHO', timestamp: T0 + 60 }),
    ]);
    expect(await message('wamid.ECHO')).toMatchObject({
      direction: 'out',
      status: 'sent',
      origin: 'business_app',
      body: 'Yes, come by at 5',
      operator_id: null,
      sent_at: new Date((T0 + 60) * 1000),
    });
    const [c] = await conversation();
    expect(c).toMatchObject({
      awaiting_reply: false,
      last_message_direction: 'out',
      last_message_status: 'sent',
      last_message_preview: 'Yes, come by at 5',
      unread_count: 1,
      customer_last_message_at: new Date(T0 * 1000),
    });
    expect((await snapshot(db)).stats).toEqual(await recountStats(db));
  });

  it('an echo to a new customer starts the conversation without opening the window', async () => {
    await postAll([appEchoWebhook('Your table is booked', { timestamp: T0, to: '420777000111' })]);
    const [c] = await conversation();
    expect(c).toMatchObject({
      wa_id: '420777000111',
      customer_last_message_at: null,
      awaiting_reply: false,
      unread_count: 0,
    });
  });

  it('ends the same whatever the order of the customer message and the echo', async () => {
    const bodies = [
      messagesWebhook([fixtureMessage.text('Hello', { wamid: 'wamid.H1', timestamp: T0 })]),
      appEchoWebhook('Hi!', { wamid: 'wamid.E1', timestamp: T0 + 10 }),
      messagesWebhook([fixtureMessage.text('Thanks', { wamid: 'wamid.H2', timestamp: T0 + 20 })]),
    ];
    await postAll(bodies);
    const inOrder = await snapshot(db);
    await db.pool.query(
      `TRUNCATE message, conversation, contact, private.webhook_event, private.contact_alias CASCADE`,
    );
    await db.pool.query('UPDATE channel_stats SET waiting_count = 0, unread_count = 0');
    await postAll([bodies[2], bodies[1], bodies[0], bodies[1]]);
    const shuffled = await snapshot(db);
    const strip = (s: typeof inOrder) => ({
      ...s,
      messages: s.messages.map(({ id: _id, ...m }: Record<string, unknown>) => m),
    });
    expect(strip(shuffled)).toEqual(strip(inOrder));
    expect(inOrder.conversations[0]).toMatchObject({ awaiting_reply: true, last_message_direction: 'in' });
  });
});

describe('edits and deletes change the original message', () => {
  it('applies an edit and a delete whether they come before or after the original', async () => {
    await postAll([
      editWebhook('wamid.ORIG', 'I meant Tuesday', { wamid: 'wamid.EDIT', timestamp: T0 + 30 }),
      messagesWebhook([fixtureMessage.text('See you Monday', { wamid: 'wamid.ORIG', timestamp: T0 })]),
      messagesWebhook([
        fixtureMessage.text('Bring the invoice', { wamid: 'wamid.ORIG2', timestamp: T0 + 40 }),
      ]),
      editWebhook('wamid.ORIG2', null, { wamid: 'wamid.REVOKE', timestamp: T0 + 50 }),
      editWebhook('wamid.ORIG', 'I meant Tuesday', { wamid: 'wamid.EDIT', timestamp: T0 + 30 }),
    ]);
    expect(await message('wamid.ORIG')).toMatchObject({
      body: 'I meant Tuesday',
      edited_at: new Date((T0 + 30) * 1000),
      deleted_at: null,
      payload: expect.objectContaining({ original_body: 'See you Monday' }),
    });
    expect(await message('wamid.ORIG2')).toMatchObject({ deleted_at: new Date((T0 + 50) * 1000) });
    expect(await message('wamid.EDIT')).toBeUndefined();
    expect(await message('wamid.REVOKE')).toBeUndefined();
    const [c] = await conversation();
    expect(c).toMatchObject({ unread_count: 2, last_message_preview: '🚫 Deleted message' });
  });
});

describe('an edit stored before its message', () => {
  it('is applied when the message arrives, with nothing delivered after it', async () => {
    await postAll([
      editWebhook('wamid.LATE', 'Tuesday, not Monday', { wamid: 'wamid.LATE-EDIT', timestamp: T0 + 30 }),
      messagesWebhook([
        fixtureMessage.text('Monday then', { wamid: 'wamid.LATE', timestamp: T0 }),
        fixtureMessage.text('Untouched', { wamid: 'wamid.OTHER', timestamp: T0 + 1 }),
      ]),
    ]);
    expect(await message('wamid.LATE')).toMatchObject({
      body: 'Tuesday, not Monday',
      edited_at: new Date((T0 + 30) * 1000),
      payload: expect.objectContaining({ original_body: 'Monday then' }),
    });
    expect(await message('wamid.OTHER')).toMatchObject({ body: 'Untouched', edited_at: null });
  });
});

describe("Meta's per-message errors", () => {
  it('keeps error 131000 and the reply link of a message Meta could not give us whole', async () => {
    await postAll([
      messagesWebhook([
        {
          from: FIXTURE_CUSTOMER_WA_ID,
          id: 'wamid.ERR',
          timestamp: String(T0),
          type: 'interactive',
          context: { from: '15550783881', id: 'wamid.ASKED' },
          errors: [
            {
              code: 131000,
              title: 'Something went wrong',
              message: 'Something went wrong',
              error_data: { details: 'Message failed to send because of an unknown error.' },
            },
          ],
        },
      ]),
    ]);
    expect(await message('wamid.ERR')).toMatchObject({
      type: 'interactive',
      error_code: 131000,
      error_title: 'Something went wrong',
      error_detail: 'Message failed to send because of an unknown error.',
      reply_to_wamid: 'wamid.ASKED',
    });
  });
});

describe('customers known by username (BSUID)', () => {
  it('shows them by username, joins the number that arrives later, and re-links a changed user id', async () => {
    await postAll([
      usernameMessageWebhook('Hi, no number here', {
        userId: 'US.1001',
        username: 'sheena',
        wamid: 'wamid.U1',
        timestamp: T0,
      }),
    ]);
    let [c] = await conversation();
    expect(c).toMatchObject({
      wa_id: 'US.1001',
      username: 'sheena',
      participant_phone: '@sheena',
      phone: '',
    });

    await postAll([
      usernameMessageWebhook('Here is my number', {
        userId: 'US.1001',
        phone: '16505559999',
        wamid: 'wamid.U2',
        timestamp: T0 + 10,
      }),
      systemMessageWebhook(
        { type: 'user_changed_user_id', fromUserId: 'US.1001', newUserId: 'US.2002' },
        { wamid: 'wamid.SYS', timestamp: T0 + 20 },
      ),
      usernameMessageWebhook('From my new id', { userId: 'US.2002', wamid: 'wamid.U3', timestamp: T0 + 30 }),
    ]);
    const all = await conversation();
    expect(all).toHaveLength(1);
    [c] = all;
    expect(c).toMatchObject({
      wa_id: 'US.1001',
      phone: '+16505559999',
      participant_phone: '+16505559999',
      unread_count: 4,
    });
    expect(await message('wamid.SYS')).toMatchObject({
      type: 'system',
      body: 'User Sheena Nelson changed their user id',
      conversation_id: c.id,
    });
    expect(await message('wamid.U3')).toMatchObject({ conversation_id: c.id });
  });

  it("takes the number and e-mail of the customer's own card (REQUEST_CONTACT_INFO), not of any card", async () => {
    const card = (origin: string | undefined, waId: string, email: string) => ({
      name: { formatted_name: 'Sheena Nelson' },
      phones: [{ phone: `+${waId}`, wa_id: waId, type: 'MOBILE' }],
      emails: [{ email, type: 'WORK' }],
      ...(origin ? { origin, vcard: 'BEGIN:VCARD\nEND:VCARD' } : {}),
    });
    const shared = (wamid: string, t: number, c: Record<string, unknown>) => {
      const body = usernameMessageWebhook('x', {
        userId: 'US.3003',
        username: 'sheena',
        wamid,
        timestamp: t,
      });
      const value = (body as { entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[] })
        .entry[0]?.changes[0]?.value;
      if (!value?.messages[0]) throw new Error('fixture');
      value.messages[0] = { ...value.messages[0], type: 'contacts', text: undefined, contacts: [c] };
      return body;
    };
    await postAll([
      usernameMessageWebhook('Hi', {
        userId: 'US.3003',
        username: 'sheena',
        wamid: 'wamid.R0',
        timestamp: T0,
      }),
      // A friend's card forwarded by the customer is not theirs: nothing joins.
      shared('wamid.R1', T0 + 5, card(undefined, '12025550111', 'friend@example.com')),
    ]);
    expect((await conversation())[0]).toMatchObject({ phone: '', participant_phone: '@sheena' });

    await postAll([
      shared('wamid.R2', T0 + 10, card('contact_request', '16505551212', 'sheena@example.com')),
    ]);
    const [c] = await conversation();
    expect(c).toMatchObject({ wa_id: 'US.3003', phone: '+16505551212', participant_phone: '+16505551212' });
    expect(
      (await db.pool.query('SELECT email FROM contact WHERE wa_id = $1', ['US.3003'])).rows[0]?.email,
    ).toBe('sheena@example.com');
    expect(await message('wamid.R2')).toMatchObject({ type: 'contacts', conversation_id: c.id });

    // Their next message from that number (no user id) is the same customer's.
    await postAll([
      messagesWebhook([
        fixtureMessage.text('by number', { wamid: 'wamid.R3', from: '16505551212', timestamp: T0 + 20 }),
      ]),
    ]);
    expect(await conversation()).toHaveLength(1);
    expect(await message('wamid.R3')).toMatchObject({ conversation_id: c.id });
  });

  it('a changed number joins the same customer instead of creating a new one', async () => {
    await postAll([
      messagesWebhook([fixtureMessage.text('old number', { wamid: 'wamid.N1', timestamp: T0 })]),
      systemMessageWebhook(
        { type: 'user_changed_number', from: FIXTURE_CUSTOMER_WA_ID, newWaId: '12195555358' },
        { wamid: 'wamid.SYSN', timestamp: T0 + 5 },
      ),
      messagesWebhook([
        fixtureMessage.text('new number', { wamid: 'wamid.N2', from: '12195555358', timestamp: T0 + 10 }),
      ]),
    ]);
    const all = await conversation();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ wa_id: FIXTURE_CUSTOMER_WA_ID, unread_count: 3 });
  });
});

describe('customer preferences, account alerts, template categories', () => {
  it('keeps the latest marketing stop or resume, whatever the delivery order', async () => {
    await postAll([
      messagesWebhook([fixtureMessage.text('hi', { timestamp: T0 })]),
      userPreferencesWebhook('resume', { timestamp: T0 + 20 }),
      userPreferencesWebhook('stop', { timestamp: T0 + 10 }),
    ]);
    const optOut = async () =>
      (
        await db.pool.query('SELECT marketing_opt_out FROM contact WHERE wa_id = $1', [
          FIXTURE_CUSTOMER_WA_ID,
        ])
      ).rows[0]?.marketing_opt_out;
    expect(await optOut()).toBe(false);
    await postAll([userPreferencesWebhook('stop', { timestamp: T0 + 30 })]);
    expect(await optOut()).toBe(true);
  });

  it('shows a violation or restriction on the channel and clears it when lifted', async () => {
    await postAll([
      accountUpdateWebhook(
        { event: 'ACCOUNT_VIOLATION', violation_info: { violation_type: 'ADULT' } },
        { time: T0 },
      ),
    ]);
    const alert = async () =>
      (await db.pool.query('SELECT account_alert FROM channel WHERE id = $1', [CHANNEL_ID])).rows[0]
        ?.account_alert;
    expect(await alert()).toBe('Meta reports account violation: ADULT.');
    await postAll([
      accountUpdateWebhook({ event: 'ACCOUNT_RESTRICTION', restriction_info: [] }, { time: T0 + 60 }),
      // Older than the lift: changes nothing.
      accountUpdateWebhook(
        {
          event: 'ACCOUNT_RESTRICTION',
          restriction_info: [{ restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING' }],
        },
        { time: T0 + 30 },
      ),
    ]);
    expect(await alert()).toBeNull();
    expect((await outcomes()).map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied']);
  });

  it('re-categorises a stored template on a completed category change only', async () => {
    await db.pool.query(
      `INSERT INTO whatsapp_template (id, waba_id, name, language, category, status)
       VALUES ('tpl-c', $1, 'promo_update', 'en_US', 'UTILITY', 'APPROVED')`,
      [FIXTURE_WABA_ID],
    );
    await postAll([
      templateCategoryWebhook({
        name: 'promo_update',
        previous: 'UTILITY',
        next: 'MARKETING',
        impending: true,
      }),
    ]);
    const category = async () =>
      (await db.pool.query(`SELECT category FROM whatsapp_template WHERE id = 'tpl-c'`)).rows[0]?.category;
    expect(await category()).toBe('UTILITY');
    await postAll([
      templateCategoryWebhook({ name: 'promo_update', previous: 'UTILITY', next: 'MARKETING' }),
    ]);
    expect(await category()).toBe('MARKETING');
    await db.pool.query(`DELETE FROM whatsapp_template WHERE id = 'tpl-c'`);
  });
});

describe('calls, the Business Agent and pricing', () => {
  it('a finished call is a thread event that opens the window; a ringing one is recorded, not shown', async () => {
    await postAll([
      callWebhook('connect', { callId: 'wacid.C1', timestamp: T0 }),
      callWebhook('terminate', { callId: 'wacid.C1', duration: 125, timestamp: T0 + 125 }),
      callWebhook('terminate', { callId: 'wacid.C2', timestamp: T0 + 300 }),
    ]);
    expect(await message('wacid.C1:terminate')).toMatchObject({
      type: 'call',
      direction: 'in',
      body: '📞 Call, 2 min 5 s',
    });
    expect(await message('wacid.C2:terminate')).toMatchObject({ body: '📞 Missed call' });
    const [c] = await conversation();
    expect(c).toMatchObject({ customer_last_message_at: new Date((T0 + 300) * 1000) });
    expect((await outcomes())[0]).toMatchObject({
      outcome: 'ignored',
      error: expect.stringMatching(/not actionable.*connect/),
    });
  });

  it("shows the Business Agent's turns read-only without creating unread work", async () => {
    await postAll([
      standbyWebhook('Opening hours?', 'We open at 9.', {
        wamid: 'wamid.SB1',
        replyWamid: 'wamid.SB2',
        timestamp: T0,
      }),
    ]);
    expect(await message('wamid.SB1')).toMatchObject({ direction: 'in', origin: 'standby' });
    expect(await message('wamid.SB2')).toMatchObject({
      direction: 'out',
      origin: 'business_agent',
      status: 'sent',
    });
    const [c] = await conversation();
    expect(c).toMatchObject({
      unread_count: 0,
      awaiting_reply: false,
      customer_last_message_at: new Date(T0 * 1000),
    });
  });

  it("stores each message's pricing from its statuses", async () => {
    await postAll([messagesWebhook([fixtureMessage.text('hi', { timestamp: T0 })])]);
    const [c] = await conversation();
    await insertOutbound(db, c.id, 'wamid.PRICED');
    const delivered = fixtureStatus.delivered('wamid.PRICED', { timestamp: T0 + 5 });
    delivered.pricing = { pricing_model: 'PMP', category: 'service', type: 'regular' };
    const free = fixtureStatus.sent('wamid.PRICED', { timestamp: T0 + 4 });
    free.pricing = { pricing_model: 'PMP', category: 'service', type: 'regular' };
    await postAll([statusesWebhook([delivered, free])]);
    expect(await message('wamid.PRICED')).toMatchObject({
      status: 'delivered',
      pricing_category: 'service',
      pricing_type: 'regular',
      billable: true,
    });

    // Counted once for the conversation and for the business number's day, however often Meta repeats it;
    // a message in the free customer-service window is not billed.
    await insertOutbound(db, c.id, 'wamid.FREE');
    const freeReply = fixtureStatus.delivered('wamid.FREE', { timestamp: T0 + 6 });
    freeReply.pricing = { pricing_model: 'PMP', category: 'service', type: 'free_customer_service' };
    const read = fixtureStatus.read('wamid.PRICED', { timestamp: T0 + 7 });
    read.pricing = { pricing_model: 'PMP', category: 'service', type: 'regular' };
    await postAll([statusesWebhook([delivered, free]), statusesWebhook([freeReply, read])]);
    const billed = async () => ({
      conversation: (await db.pool.query('SELECT billable_count FROM conversation WHERE id = $1', [c.id]))
        .rows[0]?.billable_count,
      days: (await db.pool.query('SELECT channel_id, day, billable_count FROM channel_day_stats')).rows,
    });
    const sentAt = (await message('wamid.PRICED')).sent_at ?? (await message('wamid.PRICED')).created_at;
    expect(await billed()).toEqual({
      conversation: 1,
      days: [{ channel_id: CHANNEL_ID, day: dayKey(sentAt.getTime(), 'UTC'), billable_count: 1 }],
    });
    // Meta re-prices it as free (e.g. a free entry point found later): both counters follow.
    const repriced = fixtureStatus.read('wamid.PRICED', { timestamp: T0 + 8 });
    repriced.pricing = { pricing_model: 'PMP', category: 'service', type: 'free_entry_point' };
    await postAll([statusesWebhook([repriced])]);
    expect((await billed()).conversation).toBe(0);
    expect((await billed()).days[0]?.billable_count).toBe(0);
  });
});

describe('coexistence history', () => {
  it('imports past chats in order without unread work, a reply, or an open window', async () => {
    const body = historyWebhook([
      {
        customer: '420777000222',
        messages: [
          { wamid: 'wamid.H-1', fromCustomer: true, body: 'Do you deliver?', timestamp: T0 - 86400 * 30 },
          {
            wamid: 'wamid.H-2',
            fromCustomer: false,
            body: 'Yes, within Prague',
            timestamp: T0 - 86400 * 30 + 60,
          },
          { wamid: 'wamid.H-3', fromCustomer: true, body: 'Thanks!', timestamp: T0 - 86400 * 30 + 120 },
        ],
      },
    ]);
    await postAll([body, body, historyWebhook([], { declined: true })]);
    const rows = (
      await db.pool.query(`SELECT wamid, direction, origin, status FROM message ORDER BY created_at`)
    ).rows;
    expect(rows).toEqual([
      { wamid: 'wamid.H-1', direction: 'in', origin: 'history', status: 'received' },
      { wamid: 'wamid.H-2', direction: 'out', origin: 'history', status: 'sent' },
      { wamid: 'wamid.H-3', direction: 'in', origin: 'history', status: 'received' },
    ]);
    const [c] = await conversation();
    expect(c).toMatchObject({
      wa_id: '420777000222',
      unread_count: 0,
      awaiting_reply: false,
      customer_last_message_at: null,
      last_message_preview: 'Thanks!',
    });
    expect((await outcomes()).map((o) => o.outcome)).toEqual(['applied', 'applied', 'ignored']);
  });
});
