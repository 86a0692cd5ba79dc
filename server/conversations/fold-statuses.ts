import { type DeliveryStatus, isDeliveryStatus } from '../../schema/whatsapp/message-status.ts';
import { shouldApplyStatus } from '../../schema/whatsapp/status-rank.ts';

/** An outbound message's delivery fields (times in epoch ms). */
export type Delivery = {
  status: string;
  sentAt: number | null;
  deliveredAt: number | null;
  readAt: number | null;
  failedAt: number | null;
  errorCode: number | null;
  errorTitle: string | null;
  errorDetail: string | null;
};

export type IncomingStatus = {
  status: string;
  at: number;
  error: { code: number; title: string; detail: string } | null;
};

const earliest = (current: number | null, at: number) => (current === null ? at : Math.min(current, at));

/**
 * Applies Meta's status events to a message's delivery fields. The status only moves forward
 * (status-rank.ts); each event's time is kept whether or not it moves the status (the earliest of
 * duplicates), and the error is shown only while the message is failed. So the result is the same for
 * any order and any number of repeats of the same events. Unknown statuses are ignored.
 */
export function foldStatuses(current: Delivery, events: readonly IncomingStatus[]): Delivery {
  if (!isDeliveryStatus(current.status)) return current; // e.g. an inbound message ('received')
  const next: Delivery = { ...current };
  // Failures first: a later progress event in the same batch must still be able to replace them.
  const ordered = [...events].sort(
    (a, b) => (a.status === 'failed' ? 0 : 1) - (b.status === 'failed' ? 0 : 1),
  );
  for (const e of ordered) {
    if (!isDeliveryStatus(e.status) || e.status === 'pending') continue;
    const incoming: DeliveryStatus = e.status;
    if (incoming === 'sent') next.sentAt = earliest(next.sentAt, e.at);
    else if (incoming === 'delivered') next.deliveredAt = earliest(next.deliveredAt, e.at);
    else if (incoming === 'read' || incoming === 'played') next.readAt = earliest(next.readAt, e.at);
    else if (incoming === 'failed') next.failedAt = earliest(next.failedAt, e.at);
    if (shouldApplyStatus(next.status as DeliveryStatus, incoming)) {
      next.status = incoming;
      if (incoming === 'failed') {
        next.errorCode = e.error?.code ?? null;
        next.errorTitle = e.error?.title || 'Not delivered';
        next.errorDetail = e.error?.detail ?? null;
      }
    }
  }
  if (next.status !== 'failed') {
    next.errorCode = null;
    next.errorTitle = null;
    next.errorDetail = null;
  }
  return next;
}

export function deliveryChanged(a: Delivery, b: Delivery): boolean {
  return (
    a.status !== b.status ||
    a.sentAt !== b.sentAt ||
    a.deliveredAt !== b.deliveredAt ||
    a.readAt !== b.readAt ||
    a.failedAt !== b.failedAt ||
    a.errorCode !== b.errorCode ||
    a.errorTitle !== b.errorTitle ||
    a.errorDetail !== b.errorDetail
  );
}
