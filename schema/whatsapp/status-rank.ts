// Delivery status ordering for outbound messages.
// Meta delivers status webhooks at least once and in no particular order (a `read` may arrive before
// `delivered`, a message read on arrival gets no `delivered` at all), so a status is applied only when it
// moves the message forward.
import type { DeliveryStatus } from './message-status.ts';

// played (voice message listened to) comes after read.
const RANK: Readonly<Record<Exclude<DeliveryStatus, 'failed'>, number>> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  played: 4,
};

/**
 * Whether `incoming` should replace `current` (null = nothing stored yet).
 *
 * - Progress statuses only move forward: pending < sent < delivered < read < played.
 *   A repeated status is a no-op (false).
 * - `failed` may replace pending and sent: Meta can report sent first and fail later.
 * - `failed` never replaces delivered/read/played: the customer demonstrably got the message,
 *   so a late or stray failure must not turn an honest tick red.
 * - Once failed, only evidence of receipt (delivered/read/played) replaces it; a late `sent` does not
 *   resurrect a failed message.
 */
export function shouldApplyStatus(current: DeliveryStatus | null, incoming: DeliveryStatus): boolean {
  if (current === null) return true;
  if (current === incoming) return false;
  if (incoming === 'failed') return current === 'pending' || current === 'sent';
  if (current === 'failed') return RANK[incoming] >= RANK.delivered;
  return RANK[incoming] > RANK[current];
}
