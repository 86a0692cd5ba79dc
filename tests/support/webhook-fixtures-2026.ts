// Builders for the webhook bodies Meta added or changed by 2026 (coexistence, usernames, the Business
// Agent, calls, preferences, account and template events), shaped as in Meta's reference pages (see
// ../shared/docs/whatsapp-2026.md). Shared by tests and the corpus of documented bodies.
import {
  FIXTURE_CUSTOMER_NAME,
  FIXTURE_CUSTOMER_WA_ID,
  FIXTURE_DISPLAY_PHONE_NUMBER,
  FIXTURE_PHONE_NUMBER_ID,
  type FixtureEnvelopeOptions,
  fixtureWamid,
  webhookEnvelope,
} from './webhook-fixtures.ts';

type Json = Record<string, unknown>;

const seconds = (t: number | undefined) => String(t ?? Math.floor(Date.now() / 1000));

function metadata(options: FixtureEnvelopeOptions): Json {
  return {
    display_phone_number: options.displayPhoneNumber ?? FIXTURE_DISPLAY_PHONE_NUMBER,
    phone_number_id: options.phoneNumberId ?? FIXTURE_PHONE_NUMBER_ID,
  };
}

/** One change of `field` whose value carries Meta's metadata and `extra`. */
export function fieldWebhook(field: string, extra: Json, options: FixtureEnvelopeOptions = {}): Json {
  return webhookEnvelope(
    [{ field, value: { messaging_product: 'whatsapp', metadata: metadata(options), ...extra } }],
    options,
  );
}

export type EchoOptions = { wamid?: string; to?: string; toUserId?: string; timestamp?: number };

/** smb_message_echoes: what the business typed in the WhatsApp Business app (coexistence). */
export function appEchoWebhook(body: string, options: EchoOptions & FixtureEnvelopeOptions = {}): Json {
  const echo: Json = {
    from: options.displayPhoneNumber ?? FIXTURE_DISPLAY_PHONE_NUMBER,
    id: options.wamid ?? fixtureWamid(),
    timestamp: seconds(options.timestamp),
    type: 'text',
    text: { body },
  };
  if (options.toUserId) echo.to_user_id = options.toUserId;
  if (options.to !== '') echo.to = options.to ?? FIXTURE_CUSTOMER_WA_ID;
  return fieldWebhook('smb_message_echoes', { message_echoes: [echo] }, options);
}

/** A customer message on the `messages` field from a customer who withholds their number (username). */
export function usernameMessageWebhook(
  body: string,
  options: {
    userId: string;
    username?: string;
    name?: string;
    phone?: string;
    wamid?: string;
    timestamp?: number;
    parentUserId?: string;
  } & FixtureEnvelopeOptions,
): Json {
  const contact: Json = {
    profile: {
      name: options.name ?? FIXTURE_CUSTOMER_NAME,
      ...(options.username ? { username: options.username } : {}),
    },
    user_id: options.userId,
  };
  if (options.parentUserId) contact.parent_user_id = options.parentUserId;
  if (options.phone) contact.wa_id = options.phone;
  const message: Json = {
    from_user_id: options.userId,
    id: options.wamid ?? fixtureWamid(),
    timestamp: seconds(options.timestamp),
    type: 'text',
    text: { body },
  };
  if (options.parentUserId) message.from_parent_user_id = options.parentUserId;
  if (options.phone) message.from = options.phone;
  return fieldWebhook('messages', { contacts: [contact], messages: [message] }, options);
}

/** A system message: the customer changed number (`user_changed_number`) or BSUID (`user_changed_user_id`). */
export function systemMessageWebhook(
  change:
    | { type: 'user_changed_number'; from: string; newWaId: string; userId?: string }
    | { type: 'user_changed_user_id'; fromUserId: string; newUserId: string },
  options: { wamid?: string; timestamp?: number } & FixtureEnvelopeOptions = {},
): Json {
  const message: Json = {
    id: options.wamid ?? fixtureWamid(),
    timestamp: seconds(options.timestamp),
    type: 'system',
  };
  if (change.type === 'user_changed_number') {
    message.from = change.from;
    message.system = {
      body: `User ${FIXTURE_CUSTOMER_NAME} changed from ${change.from} to ${change.newWaId}`,
      wa_id: change.newWaId,
      type: 'user_changed_number',
      ...(change.userId ? { previous_user_id: change.userId } : {}),
    };
  } else {
    message.from_user_id = change.fromUserId;
    message.system = {
      body: `User ${FIXTURE_CUSTOMER_NAME} changed their user id`,
      user_id: change.newUserId,
      previous_user_id: change.fromUserId,
      type: 'user_changed_user_id',
    };
  }
  return fieldWebhook('messages', { messages: [message] }, options);
}

/** `user_preferences`: the customer stopped or resumed marketing messages. */
export function userPreferencesWebhook(
  value: 'stop' | 'resume',
  options: { waId?: string; timestamp?: number } & FixtureEnvelopeOptions = {},
): Json {
  const waId = options.waId ?? FIXTURE_CUSTOMER_WA_ID;
  return fieldWebhook(
    'user_preferences',
    {
      contacts: [{ profile: { name: FIXTURE_CUSTOMER_NAME }, wa_id: waId }],
      user_preferences: [
        {
          wa_id: waId,
          detail:
            value === 'stop'
              ? 'User requested to stop marketing messages'
              : 'User requested to resume marketing messages',
          category: 'marketing_messages',
          value,
          timestamp: Number(seconds(options.timestamp)),
        },
      ],
    },
    options,
  );
}

/** `account_update` (entry.time is the event's time). */
export function accountUpdateWebhook(
  value: Json,
  options: { time?: number } & FixtureEnvelopeOptions = {},
): Json {
  const body = webhookEnvelope(
    [{ field: 'account_update', value: { phone_number: FIXTURE_DISPLAY_PHONE_NUMBER, ...value } }],
    options,
  );
  const entry = (body.entry as Json[])[0] as Json;
  entry.time = Number(seconds(options.time));
  return body;
}

/** An edit (`edit.original_message_id`) or delete (`revoke`) by the customer (coexistence numbers). */
export function editWebhook(
  originalWamid: string,
  newBody: string | null,
  options: { wamid?: string; timestamp?: number; from?: string } & FixtureEnvelopeOptions = {},
): Json {
  const message: Json = {
    from: options.from ?? FIXTURE_CUSTOMER_WA_ID,
    id: options.wamid ?? fixtureWamid(),
    timestamp: seconds(options.timestamp),
  };
  if (newBody === null)
    Object.assign(message, { type: 'revoke', revoke: { original_message_id: originalWamid } });
  else
    Object.assign(message, {
      type: 'edit',
      edit: { original_message_id: originalWamid, message: { type: 'text', text: { body: newBody } } },
    });
  return fieldWebhook(
    'messages',
    { contacts: [{ profile: { name: FIXTURE_CUSTOMER_NAME }, wa_id: message.from }], messages: [message] },
    options,
  );
}

/** `calls`: a user-initiated call that ended (duration in seconds; 0 = missed) or is ringing (connect). */
export function callWebhook(
  event: 'connect' | 'terminate',
  options: {
    callId?: string;
    duration?: number;
    timestamp?: number;
    from?: string;
  } & FixtureEnvelopeOptions = {},
): Json {
  const call: Json = {
    id: options.callId ?? `wacid.${fixtureWamid().slice(6)}`,
    to: options.displayPhoneNumber ?? FIXTURE_DISPLAY_PHONE_NUMBER,
    from: options.from ?? FIXTURE_CUSTOMER_WA_ID,
    event,
    timestamp: seconds(options.timestamp),
    direction: 'USER_INITIATED',
  };
  if (event === 'terminate') {
    call.status = (options.duration ?? 0) > 0 ? 'COMPLETED' : 'FAILED';
    if ((options.duration ?? 0) > 0) call.duration = options.duration;
  } else call.session = { sdp_type: 'offer', sdp: 'v=0' };
  return fieldWebhook(
    'calls',
    { contacts: [{ profile: { name: FIXTURE_CUSTOMER_NAME }, wa_id: call.from }], calls: [call] },
    options,
  );
}

/** `standby`: Meta's Business Agent is in control; the customer's message and the agent's reply. */
export function standbyWebhook(
  customerText: string,
  agentReply: string,
  options: { wamid?: string; replyWamid?: string; timestamp?: number } & FixtureEnvelopeOptions = {},
): Json {
  const t = Number(seconds(options.timestamp));
  return fieldWebhook(
    'standby',
    {
      contacts: [{ profile: { name: FIXTURE_CUSTOMER_NAME }, wa_id: FIXTURE_CUSTOMER_WA_ID }],
      messages: [
        {
          from: FIXTURE_CUSTOMER_WA_ID,
          id: options.wamid ?? fixtureWamid(),
          timestamp: String(t),
          type: 'text',
          text: { body: customerText },
        },
      ],
      message_echoes: [
        {
          from: options.displayPhoneNumber ?? FIXTURE_DISPLAY_PHONE_NUMBER,
          to: FIXTURE_CUSTOMER_WA_ID,
          id: options.replyWamid ?? fixtureWamid(),
          timestamp: String(t + 1),
          type: 'text',
          text: { body: agentReply },
        },
      ],
    },
    options,
  );
}

/** `template_category_update`: completed (new_category) or impending (correct_category). */
export function templateCategoryWebhook(
  update: { name: string; language?: string; previous: string; next: string; impending?: boolean },
  options: FixtureEnvelopeOptions = {},
): Json {
  const value: Json = {
    message_template_id: 806312974732579,
    message_template_name: update.name,
    message_template_language: update.language ?? 'en_US',
  };
  if (update.impending)
    Object.assign(value, { correct_category: update.next, category_update_timestamp: 1767225600 });
  else Object.assign(value, { previous_category: update.previous, new_category: update.next });
  return webhookEnvelope([{ field: 'template_category_update', value }], options);
}

/** `history`: one chunk of a coexistence number's past chats (thread id = the customer). */
export function historyWebhook(
  threads: {
    customer: string;
    messages: { wamid: string; fromCustomer: boolean; body: string; timestamp: number }[];
  }[],
  options: FixtureEnvelopeOptions & { declined?: boolean } = {},
): Json {
  if (options.declined) {
    return fieldWebhook(
      'history',
      { history: [{ errors: [{ code: 2593109, title: 'History sharing declined by the business' }] }] },
      options,
    );
  }
  return fieldWebhook(
    'history',
    {
      history: [
        {
          metadata: { phase: 0, chunk_order: 1, progress: 100 },
          threads: threads.map((t) => ({
            id: t.customer,
            messages: t.messages.map((m) => ({
              from: m.fromCustomer
                ? t.customer
                : (options.displayPhoneNumber ?? FIXTURE_DISPLAY_PHONE_NUMBER),
              ...(m.fromCustomer ? {} : { to: t.customer }),
              id: m.wamid,
              timestamp: String(m.timestamp),
              type: 'text',
              text: { body: m.body },
              history_context: { status: m.fromCustomer ? 'READ' : 'DELIVERED' },
            })),
          })),
        },
      ],
    },
    options,
  );
}

/**
 * messaging_handovers (Conversation Routing): control_passed reaches the new owner (this app),
 * control_taken the previous one; the notification names the roles before and after.
 */
export function handoverWebhook(
  type: 'control_passed' | 'control_taken',
  options: { waId?: string; timestamp?: number; newOwnerRole?: string } & FixtureEnvelopeOptions = {},
): Json {
  const roles =
    type === 'control_passed'
      ? {
          previous_owner: { role: 'ai_agent' },
          new_owner: { role: options.newOwnerRole ?? 'escalation_partner' },
        }
      : {
          previous_owner: { role: 'escalation_partner' },
          new_owner: { role: options.newOwnerRole ?? 'ai_agent' },
        };
  return fieldWebhook(
    'messaging_handovers',
    {
      type,
      [type]: {
        ...roles,
        wa_id: options.waId ?? FIXTURE_CUSTOMER_WA_ID,
        timestamp: seconds(options.timestamp),
      },
    },
    options,
  );
}
