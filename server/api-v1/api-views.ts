import { lastActiveAt } from '../../schema/operator-presence.ts';
import type { Conversation, Message, Operator, Request } from '../../schema/schema.ts';
import { isServiceWindowOpen, serviceWindowClosesAt } from '../../schema/whatsapp/service-window.ts';

// Rows (epoch milliseconds, as Zero reads them) → the API's JSON (ISO 8601 times, nested objects).

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
const isoNow = (ms: number) => new Date(ms).toISOString();

export function toApiConversation(c: Conversation) {
  const closesAt = serviceWindowClosesAt(c.customerLastMessageAt);
  return {
    id: c.id,
    number: c.number,
    source: c.source,
    channelId: c.channelId,
    businessNumber: c.businessNumber,
    state: c.state,
    snoozedUntil: iso(c.snoozedUntil),
    resolvedAt: iso(c.resolvedAt),
    assignee: c.assigneeId ? { id: c.assigneeId, name: c.assigneeName ?? '' } : null,
    participant: { contactId: c.contactId, name: c.participantName, phone: c.participantPhone },
    lastOperator: c.lastOperatorId ? { id: c.lastOperatorId, name: c.lastOperatorName ?? '' } : null,
    lastMessage:
      c.lastMessageAt == null && !c.lastMessageId
        ? null
        : {
            id: c.lastMessageId ?? null,
            preview: c.lastMessagePreview,
            at: iso(c.lastMessageAt),
            direction: c.lastMessageDirection ?? null,
            status: c.lastMessageStatus ?? null,
            error: c.lastMessageError ?? null,
          },
    unreadCount: c.unreadCount,
    awaitingReply: c.awaitingReply,
    awaitingSince: iso(c.awaitingSince),
    serviceWindow: {
      open: isServiceWindowOpen(c.customerLastMessageAt, Date.now()),
      closesAt: iso(closesAt),
    },
    createdAt: isoNow(c.createdAt),
    updatedAt: isoNow(c.updatedAt),
  };
}

type MessageWithRelations = Message & {
  readonly attachment?: {
    id: string;
    filename: string;
    mimeType: string;
    sizeBytes?: number | null;
    state: 'pending' | 'ready' | 'failed';
  } | null;
  readonly reactions?: readonly { actor: string; emoji: string }[];
};

export function toApiMessage(m: MessageWithRelations) {
  const a = m.attachment;
  return {
    id: m.id,
    conversationId: m.conversationId,
    wamid: m.wamid ?? null,
    direction: m.direction,
    type: m.type,
    text: m.body,
    status: m.status,
    operatorId: m.operatorId ?? null,
    replyToMessageId: m.replyToMessageId ?? null,
    forwarded: m.forwarded,
    template: m.templateName ? { name: m.templateName, language: m.templateLanguage ?? '' } : null,
    attachment: a
      ? {
          id: a.id,
          filename: a.filename,
          mimeType: a.mimeType,
          sizeBytes: a.sizeBytes ?? null,
          state: a.state,
        }
      : null,
    reactions: (m.reactions ?? []).map((r) => ({ actor: r.actor, emoji: r.emoji })),
    error:
      m.errorCode != null || m.errorTitle || m.errorDetail
        ? { code: m.errorCode ?? null, title: m.errorTitle ?? null, detail: m.errorDetail ?? null }
        : null,
    createdAt: isoNow(m.createdAt),
    sentAt: iso(m.sentAt),
    deliveredAt: iso(m.deliveredAt),
    readAt: iso(m.readAt),
    failedAt: iso(m.failedAt),
  };
}

export function toApiOperator(o: Operator) {
  return {
    id: o.id,
    name: o.name,
    email: o.email,
    role: o.role,
    active: o.active,
    canSendTemplates: o.canSendTemplates,
    channelScope: o.channelScope ?? null,
    presence: o.presence,
    lastSeenAt: iso(lastActiveAt(o, Date.now())),
  };
}

export function toApiRequest(r: Request) {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    status: r.status,
    priority: r.priority,
    conversationId: r.originConversationId ?? null,
    messageId: r.originMessageId ?? null,
    createdAt: isoNow(r.createdAt),
  };
}
