import type { Conversation } from '../../schema/schema.ts';

/**
 * A whole conversation row as Zero gives it to the client (every column of the schema), for tests of the
 * Chats table's rows: a customer's last message `at`, unread and awaiting a reply; `over` changes fields.
 */
export function conversationRow(
  id: string,
  at = 1_700_000_000_000,
  over: Partial<Conversation> = {},
): Conversation {
  return {
    id,
    number: Number(id.replace(/\D/g, '')) || 1,
    source: 'whatsapp',
    channelId: 'ch',
    contactId: `ct-${id}`,
    state: 'open',
    businessNumber: '+1 555 0100',
    participantName: `Customer ${id}`,
    participantPhone: '+49 151 000',
    lastOperatorId: null,
    lastOperatorName: null,
    lastMessageId: null,
    lastMessagePreview: `Hello from ${id}`,
    lastMessageAt: at,
    lastMessageDirection: 'in',
    lastMessageStatus: 'received',
    lastMessageError: null,
    unreadCount: 1,
    awaitingReply: true,
    awaitingSince: at,
    customerLastMessageAt: at,
    snoozedUntil: null,
    resolvedAt: null,
    resolvedBy: null,
    assigneeId: null,
    assigneeName: null,
    assignedAt: null,
    threadControl: null,
    threadControlAt: null,
    billableCount: 0,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}
