// A message's status, the one list: Zero's schema, the Chats filter (UI, REST), the REST API's message
// shape and the status order (status-rank.ts) all take it from here.

/** An outbound message's delivery: `pending` is ours (queued, not yet accepted by Meta), the others Meta's. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'read', 'played', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Every status a message row can have: a delivery status, or `received` for a customer's message. */
export const MESSAGE_STATUSES = [...DELIVERY_STATUSES, 'received'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export function isDeliveryStatus(value: string): value is DeliveryStatus {
  return (DELIVERY_STATUSES as readonly string[]).includes(value);
}
