// What a conversation's loaded messages say about Meta's side of it: who answers the customer (Meta
// Business Agent or the team) and what it costs (billed messages, a click-to-WhatsApp ad's free
// entry window). Pure, from the thread's rows (newest first, as messages.byConversation gives them).

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

/**
 * 'agent' while Meta Business Agent has the conversation (its latest turns came on the standby
 * field); 'team' once the customer writes on the messages field or anyone of the business replies
 * (Meta gives control to the app that sends a service message).
 */
export function whoIsInControl(newestFirst: readonly MetaStateMessage[]): 'agent' | 'team' {
  for (const m of newestFirst) {
    if (m.origin === 'standby' || m.origin === 'business_agent') return 'agent';
    if (m.origin !== 'call') return 'team';
  }
  return 'team';
}

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

/** How many of the loaded messages Meta billed (from their status webhooks' pricing). */
export function billableCount(messages: readonly MetaStateMessage[]): number {
  return messages.filter((m) => m.billable === true).length;
}
