import { z } from '@hono/zod-openapi';
import { SEARCHABLE_COLUMNS, SORTABLE_COLUMNS } from '../../schema/conversation-filter.ts';
import { ROLES } from '../../schema/roles.ts';
import { MESSAGE_STATUSES } from '../../schema/whatsapp/message-status.ts';
import { TEMPLATE_PARAM_MAX_CHARS, TEXT_MAX_CHARS } from '../../schema/whatsapp/text-limits.ts';

// The public REST API's shapes. zod validates every request and, through @hono/zod-openapi, the same
// schemas produce /api/v1/openapi.json.

const isoDate = z.iso.datetime({ offset: true }).openapi({ example: '2026-03-02T09:15:00.000Z' });
const id = z.string().min(1).max(64);

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({
        description:
          'Stable machine-readable code: invalid_request, unauthenticated, invalid_token, forbidden, not_found, window_closed, module_disabled, channel_broken, rate_limited, conflict, internal.',
        example: 'window_closed',
      }),
      message: z.string().openapi({ description: 'For people; may change between releases.' }),
      details: z.unknown().optional().openapi({ description: 'Extra facts, e.g. field errors.' }),
    }),
  })
  .openapi('Error');

export const ConversationSchema = z
  .object({
    id,
    number: z
      .number()
      .int()
      .openapi({ description: 'The human-readable conversation number.', example: 1042 }),
    source: z.string().openapi({ example: 'whatsapp' }),
    channelId: id,
    businessNumber: z.string().openapi({ description: 'The number the customer wrote to.' }),
    state: z.enum(['open', 'pending', 'resolved', 'closed']).openapi({
      description:
        "open, pending (snoozed until `snoozedUntil`, or until the customer writes when null), resolved (the customer's next message reopens it); closed only on rows of earlier releases.",
    }),
    snoozedUntil: isoDate.nullable(),
    resolvedAt: isoDate.nullable(),
    assignee: z.object({ id, name: z.string() }).nullable(),
    participant: z.object({ contactId: id, name: z.string(), phone: z.string() }),
    lastOperator: z.object({ id, name: z.string() }).nullable(),
    lastMessage: z
      .object({
        id: id.nullable(),
        preview: z.string(),
        at: isoDate.nullable(),
        direction: z.enum(['in', 'out']).nullable(),
        status: z.enum(MESSAGE_STATUSES).nullable(),
        error: z.string().nullable(),
      })
      .nullable(),
    unreadCount: z.number().int(),
    awaitingReply: z.boolean().openapi({ description: 'The customer waits for an answer (the lighthouse).' }),
    awaitingSince: isoDate.nullable(),
    serviceWindow: z.object({
      open: z
        .boolean()
        .openapi({ description: 'Free-form messages are allowed (24-hour customer service window).' }),
      closesAt: isoDate.nullable(),
    }),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .openapi('Conversation');

export const MessageSchema = z
  .object({
    id,
    conversationId: id,
    wamid: z.string().nullable().openapi({ description: "WhatsApp's message id." }),
    direction: z.enum(['in', 'out']),
    type: z.string().openapi({ example: 'text' }),
    text: z.string().openapi({ description: 'The text, caption or rendered template body.' }),
    status: z.enum(MESSAGE_STATUSES),
    operatorId: id.nullable(),
    replyToMessageId: id.nullable(),
    forwarded: z.boolean(),
    template: z.object({ name: z.string(), language: z.string() }).nullable(),
    attachment: z
      .object({
        id,
        filename: z.string(),
        mimeType: z.string(),
        sizeBytes: z.number().int().nullable(),
        state: z.enum(['pending', 'ready', 'failed']),
      })
      .nullable(),
    reactions: z.array(z.object({ actor: z.string(), emoji: z.string() })),
    error: z
      .object({
        code: z.number().int().nullable(),
        title: z.string().nullable(),
        detail: z.string().nullable(),
      })
      .nullable(),
    createdAt: isoDate,
    sentAt: isoDate.nullable(),
    deliveredAt: isoDate.nullable(),
    readAt: isoDate.nullable(),
    failedAt: isoDate.nullable(),
  })
  .openapi('Message');

export const OperatorSchema = z
  .object({
    id,
    name: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    active: z.boolean(),
    canSendTemplates: z.boolean(),
    channelScope: z.array(z.string()).nullable().openapi({ description: 'null: every business number.' }),
    presence: z.enum(['online', 'away', 'offline']),
    lastSeenAt: isoDate.nullable().openapi({
      description:
        'When the operator was last active: the time of the request while they are online or away, their last report once offline; null: never signed in.',
    }),
  })
  .openapi('Operator');

export const RequestSchema = z
  .object({
    id,
    code: z.string().openapi({ example: 'REQ-000123' }),
    name: z.string(),
    description: z.string(),
    status: z.string(),
    priority: z.string(),
    conversationId: id.nullable(),
    messageId: id.nullable(),
    createdAt: isoDate,
  })
  .openapi('Request');

const list = (s: string) =>
  z
    .string()
    .max(2000)
    .optional()
    .openapi({ description: `Comma-separated ${s}.` });
const bool = z.enum(['true', 'false']).optional();

export const ConversationListQuery = z.object({
  q: z.string().max(200).optional().openapi({ description: 'Search text.' }),
  searchIn: list(`columns to search: ${SEARCHABLE_COLUMNS.join(', ')} (default: all)`),
  status: list(`last-message statuses: ${MESSAGE_STATUSES.join(', ')}`),
  awaitingReply: bool,
  unread: bool.openapi({ description: 'true: only conversations with unread customer messages.' }),
  operatorId: list('operator ids (last operator who replied)'),
  channelId: list('channel ids'),
  direction: z.enum(['in', 'out']).optional(),
  lastMessageAfter: isoDate.optional(),
  lastMessageBefore: isoDate.optional(),
  createdAfter: isoDate.optional(),
  createdBefore: isoDate.optional(),
  sort: z.enum(SORTABLE_COLUMNS).default('lastMessageAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional().openapi({ description: 'nextCursor of the previous page.' }),
});

export const MessageListQuery = z.object({
  order: z.enum(['asc', 'desc']).default('desc').openapi({ description: 'desc: newest first.' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
});

const paramValue = z.string().max(TEMPLATE_PARAM_MAX_CHARS);
const templateParams = z.union([
  z.array(paramValue).max(100),
  z.record(z.string().min(1).max(100), paramValue),
]);

export const SendMessageBody = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('text'),
      text: z.string().min(1).max(TEXT_MAX_CHARS),
      replyToMessageId: id.optional(),
      id: id
        .optional()
        .openapi({ description: 'Your id for the message (UUID): a retry with the same id sends once.' }),
    }),
    z.object({
      type: z.literal('template'),
      template: z.union([
        z.object({ id }),
        z.object({ name: z.string().min(1).max(512), language: z.string().min(2).max(15) }),
      ]),
      params: templateParams
        .optional()
        .openapi({ description: 'Body variables: a list (positional) or an object (named).' }),
      headerParams: templateParams.optional(),
      buttonParams: z
        .record(z.string().regex(/^\d{1,2}$/), paramValue)
        .optional()
        .openapi({
          description:
            'Variable URL buttons: the end of each button\'s link by the button\'s position, e.g. { "0": "orders/1234" }.',
        }),
      headerMedia: z
        .union([
          z.object({ link: z.url().max(2000), filename: z.string().max(200).optional() }),
          z.object({ attachmentId: id }),
        ])
        .optional(),
      id: id.optional(),
    }),
  ])
  .openapi('SendMessage');

export const CreateRequestBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z
      .string()
      .max(20_000)
      .optional()
      .openapi({ description: "Defaults to the message's text." }),
    companyId: id.nullable().optional(),
    requestTemplateId: id.nullable().optional(),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
    id: id
      .optional()
      .openapi({ description: 'Your id for the request: a retry with the same id creates one.' }),
  })
  .openapi('CreateRequest');

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });
