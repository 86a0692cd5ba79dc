// What a conversation's loaded messages say about what Meta bills for it: a click-to-WhatsApp ad's free
// entry window. Pure, from the thread's rows (newest first, as messages.byConversation gives them). Who
// answers the customer and how many messages Meta billed are the conversation's own columns.

import { isReply } from '../../schema/internal-note.ts';

export type MetaStateMessage = {
  direction: 'in' | 'out';
  type: string;
  origin: string | null;
  createdAt: number;
  billable: boolean | null;
  payload: unknown;
};
const HOUR = 3_600_000;

function hasAdReferral(payload: unknown): boolean {
  if (!payload || typeof payload !== 'object') return false;
  const referral = (payload as Record<string, unknown>).referral;
  return !!referral && typeof referral === 'object';
}

/**
 * Meta's free entry point: a customer who came from a click-to-WhatsApp ad and got a reply within
 * 24 hours opens 72 hours (from that reply) in which the business's messages are free.
 * Returns the end of that window (epoch ms) or null.
 */
export function freeEntryWindowEnd(newestFirst: readonly MetaStateMessage[]): number | null {
  const oldestFirst = [...newestFirst].reverse();
  const ad = oldestFirst.find((m) => m.direction === 'in' && hasAdReferral(m.payload));
  if (!ad) return null;
  const reply = oldestFirst.find(
    (m) => isReply(m) && m.createdAt >= ad.createdAt && m.createdAt <= ad.createdAt + 24 * HOUR,
  );
  return reply ? reply.createdAt + 72 * HOUR : null;
}
