// A corpus of webhook bodies covering every message type, status shape and webhook field a WhatsApp
// Business number receives in 2026, written from Meta's documented examples: the examples in Meta's
// OpenAPI description (../shared/meta) plus the 2026 reference pages summarised in
// ../shared/docs/whatsapp-2026.md (coexistence, usernames, the Business Agent, calls, preferences,
// account and template events). Each entry says what it must leave behind, so a replay can prove that
// nothing is lost and nothing is duplicated.
import {
  FIXTURE_CUSTOMER_WA_ID,
  fixtureMessage,
  fixtureStatus,
  messagesWebhook,
  statusesWebhook,
  templateStatusUpdateWebhook,
  webhookEnvelope,
} from './webhook-fixtures.ts';
import {
  accountUpdateWebhook,
  appEchoWebhook,
  callWebhook,
  editWebhook,
  fieldWebhook,
  historyWebhook,
  standbyWebhook,
  systemMessageWebhook,
  templateCategoryWebhook,
  usernameMessageWebhook,
  userPreferencesWebhook,
} from './webhook-fixtures-2026.ts';

type Json = Record<string, unknown>;

export type CorpusEntry = {
  name: string;
  body: Json;
  /** The stored outcome: applied, or ignored = read and deliberately not acted on. */
  outcome: 'applied' | 'ignored';
  /** Message rows (by wamid) this body creates; edits, reactions and statuses create none. */
  stores: string[];
};

const T = 1_764_800_000; // 2025-12-03, in the past like every real delivery.

function status(wamid: string, extra: Json, kind: 'sent' | 'delivered' | 'read' | 'played' | 'failed'): Json {
  const at = { timestamp: T + 100 };
  const base =
    kind === 'failed' ? fixtureStatus.failed(wamid, undefined, at) : fixtureStatus[kind](wamid, at);
  return { ...base, ...extra };
}

/** The 2026 bodies and every status shape (Meta's examples come from the spec, see metaSpecCorpus). */
export function corpus2026(): CorpusEntry[] {
  const bsuid = 'US.13491208655302741918';
  return [
    {
      name: 'text from a username-only customer (no `from`, BSUID and username)',
      body: usernameMessageWebhook('Hi, I use a username', {
        userId: bsuid,
        username: 'sheena.n',
        wamid: 'wamid.C-U1',
        timestamp: T,
      }),
      outcome: 'applied',
      stores: ['wamid.C-U1'],
    },
    {
      name: 'the same customer with a parent BSUID and their number',
      body: usernameMessageWebhook('My number is attached now', {
        userId: bsuid,
        parentUserId: 'US.ENT.99887766',
        phone: '16505550101',
        wamid: 'wamid.C-U2',
        timestamp: T + 1,
      }),
      outcome: 'applied',
      stores: ['wamid.C-U2'],
    },
    {
      name: 'system: user_changed_user_id',
      body: systemMessageWebhook(
        { type: 'user_changed_user_id', fromUserId: bsuid, newUserId: 'US.55550000111122223333' },
        { wamid: 'wamid.C-SYS1', timestamp: T + 2 },
      ),
      outcome: 'applied',
      stores: ['wamid.C-SYS1'],
    },
    {
      name: 'system: user_changed_number',
      body: systemMessageWebhook(
        { type: 'user_changed_number', from: FIXTURE_CUSTOMER_WA_ID, newWaId: '16505550199' },
        { wamid: 'wamid.C-SYS2', timestamp: T + 3 },
      ),
      outcome: 'applied',
      stores: ['wamid.C-SYS2'],
    },
    {
      name: 'order with items, quantities and prices',
      body: messagesWebhook([
        fixtureMessage.ofUnknownType(
          'order',
          {
            catalog_id: '194836987003835',
            text: '',
            product_items: [
              { product_retailer_id: 'di9ozbzfi4', quantity: 2, item_price: 30, currency: 'USD' },
            ],
          },
          { wamid: 'wamid.C-ORDER', timestamp: T + 4 },
        ),
      ]),
      outcome: 'applied',
      stores: ['wamid.C-ORDER'],
    },
    {
      name: 'Flow response (nfm_reply)',
      body: messagesWebhook([
        fixtureMessage.ofUnknownType(
          'interactive',
          {
            type: 'nfm_reply',
            nfm_reply: {
              name: 'flow',
              body: 'Sent',
              response_json: '{"flow_token":"T","rating":"5","comment":"Fast"}',
            },
          },
          { wamid: 'wamid.C-FLOW', timestamp: T + 5, replyTo: 'wamid.C-ORDER' },
        ),
      ]),
      outcome: 'applied',
      stores: ['wamid.C-FLOW'],
    },
    {
      name: 'interactive with error 131000 and a reply context',
      body: messagesWebhook([
        {
          from: FIXTURE_CUSTOMER_WA_ID,
          id: 'wamid.C-ERR',
          timestamp: String(T + 6),
          type: 'interactive',
          context: { from: '15550783881', id: 'wamid.C-ORDER' },
          errors: [{ code: 131000, title: 'Something went wrong', error_data: { details: 'unknown error' } }],
        },
      ]),
      outcome: 'applied',
      stores: ['wamid.C-ERR'],
    },
    {
      name: 'contacts shared after a REQUEST_CONTACT_INFO button',
      body: messagesWebhook([
        {
          ...fixtureMessage.contacts(['Sheena Nelson'], { wamid: 'wamid.C-VCARD', timestamp: T + 7 }),
          contacts: [
            {
              name: { formatted_name: 'Sheena Nelson' },
              phones: [{ phone: '+1 650 555 1234' }],
              origin: 'contact_request',
              vcard: 'BEGIN:VCARD',
            },
          ],
        },
      ]),
      outcome: 'applied',
      stores: ['wamid.C-VCARD'],
    },
    {
      name: 'edit of an earlier message (coexistence)',
      body: editWebhook('wamid.C-ORDER', 'Actually three', { wamid: 'wamid.C-EDIT', timestamp: T + 8 }),
      outcome: 'applied',
      stores: [],
    },
    {
      name: 'revoke of an earlier message (coexistence)',
      body: editWebhook('wamid.C-VCARD', null, { wamid: 'wamid.C-REVOKE', timestamp: T + 9 }),
      outcome: 'applied',
      stores: [],
    },
    {
      name: 'smb_message_echoes: the business typed on the phone',
      body: appEchoWebhook('Typed on the phone', { wamid: 'wamid.C-ECHO', timestamp: T + 10 }),
      outcome: 'applied',
      stores: ['wamid.C-ECHO'],
    },
    {
      name: 'smb_message_echoes to a username-only customer',
      body: appEchoWebhook('Echo to a username', {
        wamid: 'wamid.C-ECHO2',
        to: '',
        toUserId: bsuid,
        timestamp: T + 11,
      }),
      outcome: 'applied',
      stores: ['wamid.C-ECHO2'],
    },
    {
      name: 'standby: the Business Agent in control',
      body: standbyWebhook('Are you open?', 'Yes, until 6 pm.', {
        wamid: 'wamid.C-SB1',
        replyWamid: 'wamid.C-SB2',
        timestamp: T + 12,
      }),
      outcome: 'applied',
      stores: ['wamid.C-SB1', 'wamid.C-SB2'],
    },
    {
      name: 'messaging_handovers: Meta Business Agent passes the thread to the team',
      body: fieldWebhook('messaging_handovers', {
        messaging_product: 'whatsapp',
        type: 'control_passed',
        control_passed: {
          previous_owner: { role: 'ai_agent' },
          new_owner: { role: 'escalation_partner' },
          wa_id: FIXTURE_CUSTOMER_WA_ID,
          timestamp: String(T + 13),
        },
      }),
      outcome: 'applied',
      stores: [],
    },
    {
      name: 'calls: connect (ringing)',
      body: callWebhook('connect', { callId: 'wacid.C-1', timestamp: T + 14 }),
      outcome: 'ignored',
      stores: [],
    },
    {
      name: 'calls: terminate (answered, 95 s)',
      body: callWebhook('terminate', { callId: 'wacid.C-1', duration: 95, timestamp: T + 109 }),
      outcome: 'applied',
      stores: ['wacid.C-1:terminate'],
    },
    {
      name: 'calls: terminate (missed)',
      body: callWebhook('terminate', { callId: 'wacid.C-2', timestamp: T + 120 }),
      outcome: 'applied',
      stores: ['wacid.C-2:terminate'],
    },
    {
      name: 'user_preferences: stop marketing',
      body: userPreferencesWebhook('stop', { timestamp: T + 130 }),
      outcome: 'applied',
      stores: [],
    },
    {
      name: 'account_update: violation',
      body: accountUpdateWebhook(
        { event: 'ACCOUNT_VIOLATION', violation_info: { violation_type: 'SCAM' } },
        { time: T + 140 },
      ),
      outcome: 'applied',
      stores: [],
    },
    {
      name: 'account_update: restriction',
      body: accountUpdateWebhook(
        {
          event: 'ACCOUNT_RESTRICTION',
          restriction_info: [
            { restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING', expiration: T + 86400 },
          ],
        },
        { time: T + 150 },
      ),
      outcome: 'applied',
      stores: [],
    },
    {
      name: 'account_update: volume pricing tier (nothing for an admin to do)',
      body: accountUpdateWebhook(
        {
          event: 'VOLUME_BASED_PRICING_TIER_UPDATE',
          volume_tier_info: {
            effective_month: '2026-12',
            pricing_category: 'UTILITY',
            region: 'Europe',
            tier: '1:25000',
          },
        },
        { time: T + 160 },
      ),
      outcome: 'ignored',
      stores: [],
    },
    {
      name: 'template_category_update: impending',
      body: templateCategoryWebhook({
        name: 'order_update',
        previous: 'UTILITY',
        next: 'MARKETING',
        impending: true,
      }),
      outcome: 'ignored',
      stores: [],
    },
    {
      name: 'template_category_update: completed',
      body: templateCategoryWebhook({ name: 'order_update', previous: 'UTILITY', next: 'MARKETING' }),
      outcome: 'applied',
      stores: [],
    },
    {
      name: 'message_template_status_update',
      body: templateStatusUpdateWebhook({ event: 'APPROVED', name: 'order_update' }),
      outcome: 'applied',
      stores: [],
    },
    ...[
      [
        'smb_app_state_sync',
        {
          state_sync: [
            {
              type: 'contact',
              action: 'add',
              contact: { full_name: 'Sheena', phone_number: FIXTURE_CUSTOMER_WA_ID },
            },
          ],
        },
      ],
      [
        'phone_number_quality_update',
        { display_phone_number: '15550783881', event: 'FLAGGED', max_daily_conversations_per_business: 2000 },
      ],
      [
        'business_capability_update',
        { max_daily_conversations_per_business: 2000, max_phone_numbers_per_business: 2 },
      ],
      ['security', { display_phone_number: '15550783881', event: 'PIN_CHANGED' }],
      ['phone_number_name_update', { display_phone_number: '15550783881', decision: 'APPROVED' }],
    ].map(
      ([field, value]): CorpusEntry => ({
        name: `${field as string} (stored, not a conversation event)`,
        body: webhookEnvelope([{ field: field as string, value: value as Json }]),
        outcome: 'ignored',
        stores: [],
      }),
    ),
    {
      name: 'history: a chunk of past chats (coexistence)',
      body: historyWebhook([
        {
          customer: '420777000333',
          messages: [
            { wamid: 'wamid.C-H1', fromCustomer: true, body: 'Old question', timestamp: T - 86400 },
            { wamid: 'wamid.C-H2', fromCustomer: false, body: 'Old answer', timestamp: T - 86300 },
          ],
        },
      ]),
      outcome: 'applied',
      stores: ['wamid.C-H1', 'wamid.C-H2'],
    },
    {
      name: 'history: the owner declined sharing',
      body: historyWebhook([], { declined: true }),
      outcome: 'ignored',
      stores: [],
    },
    // Status shapes: each names an outbound message the test stores first (wamid.C-OUT).
    {
      name: 'statuses: sent with conversation and pricing, delivered with BSUID, read, played',
      body: statusesWebhook([
        status('wamid.C-OUT', {}, 'sent'),
        status(
          'wamid.C-OUT',
          {
            recipient_user_id: bsuid,
            pricing: { pricing_model: 'PMP', category: 'service', type: 'regular' },
          },
          'delivered',
        ),
        status('wamid.C-OUT', { biz_opaque_callback_data: 'msg_corpus' }, 'read'),
        status('wamid.C-OUT', {}, 'played'),
      ]),
      outcome: 'applied',
      stores: [],
    },
    {
      name: 'statuses: failed without contacts, and one for a message not stored yet',
      body: statusesWebhook([
        status('wamid.C-OUT2', { recipient_id: undefined }, 'failed'),
        status('wamid.C-NOT-YET', {}, 'delivered'),
      ]),
      outcome: 'applied',
      stores: [],
    },
  ];
}
