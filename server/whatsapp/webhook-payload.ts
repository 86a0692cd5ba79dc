// Schemas for Meta's webhook POST body. Tolerant by design: every object is loose (unknown keys are
// kept), unknown message types and unknown change fields are kept as they came, and only what we
// cannot work without is required. A body that fails is rejected as a whole with a precise reason.
import { z } from 'zod';

// Meta sends unix seconds as a string; accept a number too rather than lose a message over it.
const unixSecondsSchema = z.union([
  z.string().regex(/^\d+$/, 'expected unix seconds'),
  z.number().int().nonnegative(),
]);

export const webhookErrorSchema = z.looseObject({
  // Meta's codes are small (131000); the bound keeps a forged one out of the integer column it is stored in.
  code: z.number().int().min(-2_147_483_648).max(2_147_483_647),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});

/** A reply (`id` = the quoted wamid) and/or forwarding flags; forwarded messages carry no `id`. */
export const messageContextSchema = z.looseObject({
  from: z.string().optional(),
  id: z.string().optional(),
  forwarded: z.boolean().optional(),
  frequently_forwarded: z.boolean().optional(),
  referred_product: z.looseObject({ catalog_id: z.string(), product_retailer_id: z.string() }).optional(),
});

/** Present when the conversation started from a click-to-WhatsApp ad or post. */
export const referralSchema = z.looseObject({
  source_url: z.string().optional(),
  source_id: z.string().optional(),
  source_type: z.string().optional(),
  body: z.string().optional(),
  headline: z.string().optional(),
  media_type: z.string().optional(),
  image_url: z.string().optional(),
  video_url: z.string().optional(),
  thumbnail_url: z.string().optional(),
  ctwa_clid: z.string().optional(),
});

const baseMessageShape = {
  id: z.string().min(1),
  // Users with a username may withhold their number: then only `from_user_id` (a BSUID) is present.
  from: z.string().min(1).optional(),
  from_user_id: z.string().min(1).optional(),
  from_parent_user_id: z.string().min(1).optional(),
  // App echoes (smb_message_echoes, standby): the customer is the addressee.
  to: z.string().min(1).optional(),
  to_user_id: z.string().min(1).optional(),
  to_parent_user_id: z.string().min(1).optional(),
  timestamp: unixSecondsSchema,
  context: messageContextSchema.optional(),
  referral: referralSchema.optional(),
  errors: z.array(webhookErrorSchema).optional(),
};

const mediaShape = {
  id: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  url: z.string().optional(),
};

export const mediaObjectSchema = z.looseObject({
  ...mediaShape,
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

export const contactCardSchema = z.looseObject({
  name: z
    .looseObject({
      formatted_name: z.string().optional(),
      first_name: z.string().optional(),
      last_name: z.string().optional(),
    })
    .optional(),
  phones: z
    .array(
      z.looseObject({
        phone: z.string().optional(),
        wa_id: z.string().optional(),
        type: z.string().optional(),
      }),
    )
    .optional(),
  emails: z.array(z.looseObject({ email: z.string().optional(), type: z.string().optional() })).optional(),
  org: z.looseObject({ company: z.string().optional() }).optional(),
  /** 'contact_request': the customer's own card, shared through a template's REQUEST_CONTACT_INFO button. */
  origin: z.string().optional(),
});

const textMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('text'),
  text: z.looseObject({ body: z.string() }),
});
const imageMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('image'),
  image: mediaObjectSchema,
});
const videoMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('video'),
  video: mediaObjectSchema,
});
const audioMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('audio'),
  audio: mediaObjectSchema,
});
const documentMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('document'),
  document: mediaObjectSchema,
});
const stickerMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('sticker'),
  sticker: mediaObjectSchema,
});
const locationMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('location'),
  location: z.looseObject({
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
    url: z.string().optional(),
  }),
});
const contactsMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('contacts'),
  contacts: z.array(contactCardSchema),
});
const interactiveMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('interactive'),
  // button_reply / list_reply are what a helpdesk sees; other kinds (flows' nfm_reply…) pass through.
  interactive: z.looseObject({
    type: z.string(),
    button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
    list_reply: z
      .looseObject({ id: z.string(), title: z.string(), description: z.string().optional() })
      .optional(),
    // A WhatsApp Flow's answers: `response_json` is a JSON object as a string.
    nfm_reply: z
      .looseObject({ name: z.string().optional(), body: z.string().optional(), response_json: z.string() })
      .optional(),
  }),
});
const orderMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('order'),
  order: z.looseObject({
    catalog_id: z.string().optional(),
    text: z.string().optional(),
    product_items: z
      .array(
        z.looseObject({
          product_retailer_id: z.string(),
          quantity: z.union([z.string(), z.number()]).optional(),
          item_price: z.union([z.string(), z.number()]).optional(),
          currency: z.string().optional(),
        }),
      )
      .default([]),
  }),
});
/** Coexistence numbers: the sender edited an earlier message (within 15 minutes). */
const editMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('edit'),
  edit: z.looseObject({ original_message_id: z.string().min(1), message: z.unknown().optional() }),
});
/** Coexistence numbers: the sender deleted an earlier message for everyone (within 2 days). */
const revokeMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('revoke'),
  revoke: z.looseObject({ original_message_id: z.string().min(1) }),
});
/** The customer changed number (user_changed_number) or business-scoped user id (user_changed_user_id). */
const systemMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('system'),
  system: z.looseObject({
    body: z.string().optional(),
    type: z.string().optional(),
    new_wa_id: z.string().optional(),
    wa_id: z.string().optional(),
    user_id: z.string().optional(),
    parent_user_id: z.string().optional(),
    previous_user_id: z.string().optional(),
    previous_parent_user_id: z.string().optional(),
  }),
});
const buttonMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('button'),
  // A tap on a template's quick-reply button.
  button: z.looseObject({ payload: z.string().optional(), text: z.string() }),
});
const reactionMessageSchema = z.looseObject({
  ...baseMessageShape,
  type: z.literal('reaction'),
  // No emoji = the customer removed their reaction.
  reaction: z.looseObject({ message_id: z.string().min(1), emoji: z.string().optional() }),
});
const unsupportedMessageSchema = z.looseObject({
  ...baseMessageShape,
  // Meta's spec lists both spellings.
  type: z.enum(['unsupported', 'unknown']),
  unsupported: z.looseObject({ type: z.string().optional() }).optional(),
});
/** Any type we do not model (order, system, request_welcome…): kept whole so nothing is lost. */
const otherMessageSchema = z.looseObject({ ...baseMessageShape, type: z.string().min(1) });

const knownMessageSchemas = {
  text: textMessageSchema,
  image: imageMessageSchema,
  video: videoMessageSchema,
  audio: audioMessageSchema,
  document: documentMessageSchema,
  sticker: stickerMessageSchema,
  location: locationMessageSchema,
  contacts: contactsMessageSchema,
  interactive: interactiveMessageSchema,
  button: buttonMessageSchema,
  reaction: reactionMessageSchema,
  unsupported: unsupportedMessageSchema,
  unknown: unsupportedMessageSchema,
  order: orderMessageSchema,
  edit: editMessageSchema,
  revoke: revokeMessageSchema,
  system: systemMessageSchema,
} as const;

export type KnownMessageType = keyof typeof knownMessageSchemas;

function isKnownMessageType(type: string): type is KnownMessageType {
  return Object.hasOwn(knownMessageSchemas, type);
}

/** Picks the schema by `type` (a plain z.union would report the wrong branch's error). */
function dispatch<T extends z.ZodType, K extends string>(
  schemas: Readonly<Record<K, T>>,
  fallback: T,
  isKnown: (key: string) => key is K,
) {
  return (key: string, input: unknown, ctx: z.RefinementCtx): z.output<T> => {
    const result = (isKnown(key) ? schemas[key] : fallback).safeParse(input);
    if (result.success) return result.data;
    for (const issue of result.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  };
}

const dispatchMessage = dispatch<z.ZodType<unknown>, KnownMessageType>(
  knownMessageSchemas,
  otherMessageSchema,
  isKnownMessageType,
);

type KnownSchemas = (typeof knownMessageSchemas)[KnownMessageType];
export type KnownInboundMessage = z.output<KnownSchemas>;
export type OtherInboundMessage = z.output<typeof otherMessageSchema>;
export type InboundMessage = KnownInboundMessage | OtherInboundMessage;

export const inboundMessageSchema: z.ZodType<InboundMessage> = z
  .looseObject({ type: z.string().min(1) })
  .transform((message, ctx) => dispatchMessage(message.type, message, ctx) as InboundMessage)
  .refine(
    (m) => m.from !== undefined || m.from_user_id !== undefined || m.from_parent_user_id !== undefined,
    {
      message: 'a message needs "from" or "from_user_id"',
      path: ['from'],
    },
  );

/** Narrows a parsed message to the types we model (so `switch (m.type)` narrows the payload too). */
export function isKnownInboundMessage(message: InboundMessage): message is KnownInboundMessage {
  return isKnownMessageType(message.type);
}

export const webhookContactSchema = z.looseObject({
  profile: z.looseObject({ name: z.string().optional(), username: z.string().optional() }).optional(),
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  parent_user_id: z.string().optional(),
});

export const webhookStatusSchema = z.looseObject({
  id: z.string().min(1),
  // Kept as a string: Meta adds statuses (played, deleted, warning…); see status-rank.ts for the known ones.
  status: z.string().min(1),
  timestamp: unixSecondsSchema,
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  conversation: z
    .looseObject({
      id: z.string().optional(),
      expiration_timestamp: unixSecondsSchema.optional(),
      origin: z.looseObject({ type: z.string().optional() }).optional(),
    })
    .optional(),
  pricing: z
    .looseObject({
      billable: z.boolean().optional(),
      pricing_model: z.string().optional(),
      category: z.string().optional(),
      type: z.string().optional(),
    })
    .optional(),
  errors: z.array(webhookErrorSchema).optional(),
  biz_opaque_callback_data: z.string().optional(),
});

export const webhookMetadataSchema = z.looseObject({
  display_phone_number: z.string(),
  phone_number_id: z.string().min(1),
});

export const messagesValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: webhookMetadataSchema,
  contacts: z.array(webhookContactSchema).optional(),
  messages: z.array(inboundMessageSchema).optional(),
  statuses: z.array(webhookStatusSchema).optional(),
  errors: z.array(webhookErrorSchema).optional(),
});

export const templateStatusUpdateValueSchema = z.looseObject({
  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED, FLAGGED, IN_APPEAL, PENDING_DELETION, … */
  event: z.string().min(1),
  // A number in Meta's payloads: match templates on name + language rather than trust 16+ digit ids.
  message_template_id: z.union([z.number(), z.string()]),
  message_template_name: z.string(),
  message_template_language: z.string(),
  reason: z.string().nullable().optional(),
});

const messagesChangeSchema = z.looseObject({ field: z.literal('messages'), value: messagesValueSchema });
const templateStatusChangeSchema = z.looseObject({
  field: z.literal('message_template_status_update'),
  value: templateStatusUpdateValueSchema,
});
/** Fields we do not process (account_update, group_*, …) are kept raw. */
const otherChangeSchema = z.looseObject({ field: z.string().min(1), value: z.unknown() });

const knownChangeSchemas = {
  messages: messagesChangeSchema,
  message_template_status_update: templateStatusChangeSchema,
} as const;
type KnownChangeField = keyof typeof knownChangeSchemas;

function isKnownChangeField(field: string): field is KnownChangeField {
  return Object.hasOwn(knownChangeSchemas, field);
}

export type MessagesChange = z.output<typeof messagesChangeSchema>;
export type TemplateStatusChange = z.output<typeof templateStatusChangeSchema>;
export type OtherChange = z.output<typeof otherChangeSchema>;
export type WebhookChange = MessagesChange | TemplateStatusChange | OtherChange;

const dispatchChange = dispatch<z.ZodType<unknown>, KnownChangeField>(
  knownChangeSchemas,
  otherChangeSchema,
  isKnownChangeField,
);

export const webhookChangeSchema: z.ZodType<WebhookChange> = z
  .looseObject({ field: z.string().min(1) })
  .transform((change, ctx) => dispatchChange(change.field, change, ctx) as WebhookChange);

export function isMessagesChange(change: WebhookChange): change is MessagesChange {
  return change.field === 'messages';
}

export function isTemplateStatusChange(change: WebhookChange): change is TemplateStatusChange {
  return change.field === 'message_template_status_update';
}

export const webhookEntrySchema = z.looseObject({
  /** The WhatsApp Business Account id. */
  id: z.string().min(1),
  time: z.number().optional(),
  changes: z.array(webhookChangeSchema),
});

export const webhookPayloadSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(webhookEntrySchema),
});

export type WebhookError = z.output<typeof webhookErrorSchema>;
export type MessageContext = z.output<typeof messageContextSchema>;
export type Referral = z.output<typeof referralSchema>;
export type MediaObject = z.output<typeof mediaObjectSchema>;
export type ContactCard = z.output<typeof contactCardSchema>;
export type WebhookContact = z.output<typeof webhookContactSchema>;
export type WebhookStatus = z.output<typeof webhookStatusSchema>;
export type WebhookMetadata = z.output<typeof webhookMetadataSchema>;
export type MessagesValue = z.output<typeof messagesValueSchema>;
export type TemplateStatusUpdateValue = z.output<typeof templateStatusUpdateValueSchema>;
export type WebhookEntry = z.output<typeof webhookEntrySchema>;
export type WebhookPayload = z.output<typeof webhookPayloadSchema>;

export type ParseWebhookResult = { ok: true; payload: WebhookPayload } | { ok: false; error: string };

const MAX_REPORTED_ISSUES = 5;

/** Parses an already JSON-decoded body; the error names the path, e.g. `entry[0].changes[0].value.metadata: …`. */
export function parseWebhookBody(json: unknown): ParseWebhookResult {
  const result = webhookPayloadSchema.safeParse(json);
  if (result.success) return { ok: true, payload: result.data };
  const issues = result.error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const path = issue.path.map((p, i) =>
      typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`,
    );
    return `${path.join('') || '(body)'}: ${issue.message}`;
  });
  const more = result.error.issues.length - MAX_REPORTED_ISSUES;
  return { ok: false, error: issues.join('; ') + (more > 0 ? `; and ${more} more` : '') };
}
