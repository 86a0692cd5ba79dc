// Builders for realistic Meta webhook bodies (shapes as in Meta's reference examples), shared by the
// tests and the benchmarks (test support, never shipped). Every builder returns plain JSON objects.

export const FIXTURE_WABA_ID = '419561257915477';
export const FIXTURE_PHONE_NUMBER_ID = '106540352242922';
export const FIXTURE_DISPLAY_PHONE_NUMBER = '15550783881';
export const FIXTURE_CUSTOMER_WA_ID = '16505551234';
export const FIXTURE_CUSTOMER_NAME = 'Sheena Nelson';

type Json = Record<string, unknown>;

export type FixtureMessageOptions = {
  wamid?: string;
  from?: string;
  /** Unix seconds. */
  timestamp?: number;
  /** Quote another message (a reply). */
  replyTo?: string;
  forwarded?: boolean;
  frequentlyForwarded?: boolean;
};

export type FixtureEnvelopeOptions = {
  wabaId?: string;
  phoneNumberId?: string;
  displayPhoneNumber?: string;
};

let sequence = 0;

/** A fresh, unique wamid-looking id (Meta's are base64 of an opaque key). */
export function fixtureWamid(): string {
  sequence += 1;
  const key = `FIXTURE${Date.now().toString(16)}${sequence.toString(16).padStart(8, '0')}`;
  return `wamid.${btoa(key).replace(/=+$/, '')}`;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function baseMessage(type: string, options: FixtureMessageOptions): Json {
  const message: Json = {
    from: options.from ?? FIXTURE_CUSTOMER_WA_ID,
    id: options.wamid ?? fixtureWamid(),
    timestamp: String(options.timestamp ?? nowSeconds()),
    type,
  };
  if (options.replyTo || options.forwarded || options.frequentlyForwarded) {
    const context: Json = {};
    if (options.replyTo) {
      context.from = FIXTURE_DISPLAY_PHONE_NUMBER;
      context.id = options.replyTo;
    }
    if (options.forwarded) context.forwarded = true;
    if (options.frequentlyForwarded) context.frequently_forwarded = true;
    message.context = context;
  }
  return message;
}

function mediaObject(mime: string, extra: Json): Json {
  return {
    mime_type: mime,
    sha256: 'SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=',
    id: String(1003383421387256 + sequence),
    ...extra,
  };
}

/** One inbound message of each kind Meta sends (the `messages[]` items). */
export const fixtureMessage = {
  text(body: string, options: FixtureMessageOptions = {}): Json {
    return { ...baseMessage('text', options), text: { body } };
  },
  image(options: FixtureMessageOptions & { caption?: string } = {}): Json {
    const extra = options.caption === undefined ? {} : { caption: options.caption };
    return { ...baseMessage('image', options), image: mediaObject('image/jpeg', extra) };
  },
  video(options: FixtureMessageOptions & { caption?: string } = {}): Json {
    const extra = options.caption === undefined ? {} : { caption: options.caption };
    return { ...baseMessage('video', options), video: mediaObject('video/mp4', extra) };
  },
  audio(options: FixtureMessageOptions & { voice?: boolean } = {}): Json {
    const voice = options.voice ?? true;
    return {
      ...baseMessage('audio', options),
      audio: mediaObject(voice ? 'audio/ogg; codecs=opus' : 'audio/mpeg', { voice }),
    };
  },
  document(options: FixtureMessageOptions & { filename?: string; caption?: string } = {}): Json {
    const extra: Json = { filename: options.filename ?? 'receipt.pdf' };
    if (options.caption !== undefined) extra.caption = options.caption;
    return { ...baseMessage('document', options), document: mediaObject('application/pdf', extra) };
  },
  sticker(options: FixtureMessageOptions & { animated?: boolean } = {}): Json {
    return {
      ...baseMessage('sticker', options),
      sticker: mediaObject('image/webp', { animated: options.animated ?? false }),
    };
  },
  location(options: FixtureMessageOptions & { name?: string; address?: string } = {}): Json {
    const location: Json = { latitude: 37.44221496582, longitude: -122.16165924072 };
    if (options.name !== undefined) location.name = options.name;
    if (options.address !== undefined) location.address = options.address;
    return { ...baseMessage('location', options), location };
  },
  contacts(names: readonly string[] = ['Lucía Gómez'], options: FixtureMessageOptions = {}): Json {
    return {
      ...baseMessage('contacts', options),
      contacts: names.map((formatted_name, i) => ({
        name: { formatted_name, first_name: formatted_name.split(' ')[0] },
        phones: [{ phone: `+1 (983) 555-23${String(10 + i)}`, wa_id: `1983555231${i}`, type: 'MOBILE' }],
      })),
    };
  },
  buttonReply(title: string, options: FixtureMessageOptions & { buttonId?: string } = {}): Json {
    return {
      ...baseMessage('interactive', { replyTo: fixtureWamid(), ...options }),
      interactive: { type: 'button_reply', button_reply: { id: options.buttonId ?? 'btn-1', title } },
    };
  },
  listReply(
    title: string,
    options: FixtureMessageOptions & { rowId?: string; description?: string } = {},
  ): Json {
    return {
      ...baseMessage('interactive', { replyTo: fixtureWamid(), ...options }),
      interactive: {
        type: 'list_reply',
        list_reply: {
          id: options.rowId ?? 'row-1',
          title,
          description: options.description ?? 'Next Day to 2 Days',
        },
      },
    };
  },
  /** A tap on a template's quick-reply button. */
  button(text: string, options: FixtureMessageOptions & { payload?: string } = {}): Json {
    return {
      ...baseMessage('button', { replyTo: fixtureWamid(), ...options }),
      button: { payload: options.payload ?? text, text },
    };
  },
  /** Omit `emoji` for a removed reaction. */
  reaction(targetWamid: string, emoji?: string, options: FixtureMessageOptions = {}): Json {
    const reaction: Json = { message_id: targetWamid };
    if (emoji !== undefined) reaction.emoji = emoji;
    return { ...baseMessage('reaction', options), reaction };
  },
  unsupported(options: FixtureMessageOptions & { details?: string } = {}): Json {
    return {
      ...baseMessage('unsupported', options),
      errors: [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: options.details ?? 'Message type is currently not supported.' },
        },
      ],
    };
  },
  /** A type this code does not model (Meta adds new ones): e.g. `order`, `system`. */
  ofUnknownType(type: string, content: Json = {}, options: FixtureMessageOptions = {}): Json {
    return { ...baseMessage(type, options), [type]: content };
  },
};

export type FixtureStatusOptions = { recipient?: string; timestamp?: number };

function baseStatus(wamid: string, status: string, options: FixtureStatusOptions): Json {
  return {
    id: wamid,
    status,
    timestamp: String(options.timestamp ?? nowSeconds()),
    recipient_id: options.recipient ?? FIXTURE_CUSTOMER_WA_ID,
  };
}

const pricing = { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' };

/** Status updates for our outbound messages (the `statuses[]` items). */
export const fixtureStatus = {
  sent(wamid: string, options: FixtureStatusOptions = {}): Json {
    return {
      ...baseStatus(wamid, 'sent', options),
      conversation: {
        id: 'c1a8a5e3b1f0',
        expiration_timestamp: String(nowSeconds() + 86400),
        origin: { type: 'utility' },
      },
      pricing,
    };
  },
  delivered(wamid: string, options: FixtureStatusOptions = {}): Json {
    return { ...baseStatus(wamid, 'delivered', options), pricing };
  },
  read(wamid: string, options: FixtureStatusOptions = {}): Json {
    return baseStatus(wamid, 'read', options);
  },
  played(wamid: string, options: FixtureStatusOptions = {}): Json {
    return baseStatus(wamid, 'played', options);
  },
  failed(
    wamid: string,
    error: { code: number; title: string; details: string } = {
      code: 131047,
      title: 'Re-engagement message',
      details:
        'Message failed to send because more than 24 hours have passed since the customer last replied.',
    },
    options: FixtureStatusOptions = {},
  ): Json {
    return {
      ...baseStatus(wamid, 'failed', options),
      errors: [
        {
          code: error.code,
          title: error.title,
          message: error.title,
          error_data: { details: error.details },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        },
      ],
    };
  },
};

/** Wraps changes in Meta's envelope (one entry for the WABA). */
export function webhookEnvelope(changes: readonly Json[], options: FixtureEnvelopeOptions = {}): Json {
  return { object: 'whatsapp_business_account', entry: [{ id: options.wabaId ?? FIXTURE_WABA_ID, changes }] };
}

function metadata(options: FixtureEnvelopeOptions): Json {
  return {
    display_phone_number: options.displayPhoneNumber ?? FIXTURE_DISPLAY_PHONE_NUMBER,
    phone_number_id: options.phoneNumberId ?? FIXTURE_PHONE_NUMBER_ID,
  };
}

/** A `messages` change value carrying inbound messages, with one contact per distinct sender. */
export function messagesChange(
  messages: readonly Json[],
  options: FixtureEnvelopeOptions & { names?: Readonly<Record<string, string>> } = {},
): Json {
  const senders = [...new Set(messages.map((m) => String(m.from)))];
  return {
    field: 'messages',
    value: {
      messaging_product: 'whatsapp',
      metadata: metadata(options),
      contacts: senders.map((waId) => ({
        profile: { name: options.names?.[waId] ?? FIXTURE_CUSTOMER_NAME },
        wa_id: waId,
      })),
      messages,
    },
  };
}

/** A `messages` change value carrying statuses only. */
export function statusesChange(statuses: readonly Json[], options: FixtureEnvelopeOptions = {}): Json {
  return {
    field: 'messages',
    value: { messaging_product: 'whatsapp', metadata: metadata(options), statuses },
  };
}

/** A whole webhook body with inbound messages. */
export function messagesWebhook(
  messages: readonly Json[],
  options: FixtureEnvelopeOptions & { names?: Readonly<Record<string, string>> } = {},
): Json {
  return webhookEnvelope([messagesChange(messages, options)], options);
}

/** A whole webhook body with statuses. */
export function statusesWebhook(statuses: readonly Json[], options: FixtureEnvelopeOptions = {}): Json {
  return webhookEnvelope([statusesChange(statuses, options)], options);
}

export function templateStatusUpdateWebhook(
  update: { event: string; name: string; language?: string; id?: number; reason?: string | null },
  options: FixtureEnvelopeOptions = {},
): Json {
  return webhookEnvelope(
    [
      {
        field: 'message_template_status_update',
        value: {
          event: update.event,
          message_template_id: update.id ?? 806312974732579,
          message_template_name: update.name,
          message_template_language: update.language ?? 'en_US',
          reason: update.reason ?? (update.event === 'REJECTED' ? 'INCORRECT_CATEGORY' : null),
        },
      },
    ],
    options,
  );
}

/**
 * A batch like Meta's busiest deliveries: `messages` texts from `customers` distinct senders and
 * `statuses` statuses, spread over several changes (`perChange` items each) and entries.
 */
export function batchWebhook(
  counts: { messages: number; statuses?: number; customers?: number; perChange?: number },
  options: FixtureEnvelopeOptions = {},
): Json {
  const customers = Math.max(1, counts.customers ?? counts.messages);
  const perChange = Math.max(1, counts.perChange ?? 50);
  const base = nowSeconds();
  const changes: Json[] = [];
  for (let start = 0; start < counts.messages; start += perChange) {
    const messages: Json[] = [];
    for (let i = start; i < Math.min(counts.messages, start + perChange); i++) {
      const from = String(15550000000 + (i % customers));
      messages.push(fixtureMessage.text(`Message ${i + 1}`, { from, timestamp: base + i }));
    }
    changes.push(messagesChange(messages, options));
  }
  const statusKinds = ['sent', 'delivered', 'read'] as const;
  for (let start = 0; start < (counts.statuses ?? 0); start += perChange) {
    const statuses: Json[] = [];
    for (let i = start; i < Math.min(counts.statuses ?? 0, start + perChange); i++) {
      statuses.push(fixtureStatus[statusKinds[i % 3] ?? 'sent'](fixtureWamid(), { timestamp: base + i }));
    }
    changes.push(statusesChange(statuses, options));
  }
  // Meta groups changes per WABA entry; split in two entries so consumers must walk all of them.
  const half = Math.ceil(changes.length / 2);
  const entries = [changes.slice(0, half), changes.slice(half)]
    .filter((c) => c.length > 0)
    .map((c) => ({ id: options.wabaId ?? FIXTURE_WABA_ID, changes: c }));
  return { object: 'whatsapp_business_account', entry: entries };
}
