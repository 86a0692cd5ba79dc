import { mergedStateFrom } from '../../schema/conversation-merge.ts';
import { isAfter } from '../../schema/message-order.ts';
import type { ConversationState } from '../../schema/schema.ts';

/** What the merge reads of each of the two conversations (the kept one and the merged one). */
export type MergeSide = {
  id: string;
  state: ConversationState;
  snoozedUntil: number | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  participantName: string;
  participantPhone: string;
  /** The last message, in thread order (its arrival read from the message). */
  last: { id: string; at: number; arrival: number | null } | null;
  lastOperatorId: string | null;
  lastOperatorName: string | null;
  unreadCount: number;
  awaitingReply: boolean;
  awaitingSince: number | null;
  customerLastMessageAt: number | null;
  assigneeId: string | null;
  assigneeName: string | null;
  assignedAt: number | null;
  threadControl: string | null;
  threadControlAt: number | null;
  billableCount: number;
  createdAt: number;
};

/** A customer message that is work here (not imported history, not the Business Agent's), in thread order. */
export type WaitingCandidate = { conversationId: string; at: number; arrival: number | null; id: string };

/** The kept conversation's columns after the merge (the `last_message_*` row is `lastFrom`'s). */
export type MergedSummary = {
  /** Whose last message (and last operator) the kept conversation shows. */
  lastFrom: string;
  stateFrom: string;
  participantName: string;
  participantPhone: string;
  unreadCount: number;
  awaitingReply: boolean;
  awaitingSince: number | null;
  customerLastMessageAt: number | null;
  assigneeFrom: string;
  threadControlFrom: string;
  billableCount: number;
  createdAt: number;
};

const maxOrNull = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * The kept conversation after merging `source` into `target`, as if both threads had always been one:
 * - last message: the later of the two (thread order), with its operator;
 * - unread: both counts; billed messages: both counts; the window: the customer's latest message;
 * - waiting (the lighthouse): a customer message counts if its conversation was waiting from it on and
 *   it comes after the business's latest reply in either thread (`lastReply`); it waits since the
 *   earliest such message. A conversation an operator resolved without replying stays answered.
 * - state: the more active one (schema/conversation-merge.ts), with its snooze or resolution;
 * - owner: the kept conversation's, else the merged one's; Business Agent routing: the latest seen.
 */
export function mergedSummary(
  target: MergeSide,
  source: MergeSide,
  lastReply: { at: number; arrival: number | null; id: string } | null,
  candidates: readonly WaitingCandidate[],
): MergedSummary {
  const lastFrom =
    source.last !== null && (target.last === null || isAfter(source.last, target.last)) ? source : target;
  const sinceOf = new Map(
    [target, source].filter((s) => s.awaitingReply).map((s) => [s.id, s.awaitingSince ?? 0] as const),
  );
  let awaitingSince: number | null = null;
  for (const m of candidates) {
    const since = sinceOf.get(m.conversationId);
    if (since === undefined || m.at < since) continue;
    if (lastReply !== null && !isAfter(m, lastReply)) continue;
    awaitingSince = awaitingSince === null ? m.at : Math.min(awaitingSince, m.at);
  }
  const ownerFrom = target.assigneeId !== null || source.assigneeId === null ? target : source;
  const controlFrom = (source.threadControlAt ?? -1) > (target.threadControlAt ?? -1) ? source : target;
  return {
    lastFrom: lastFrom.id,
    stateFrom: mergedStateFrom(target.state, source.state) === 'source' ? source.id : target.id,
    participantName: target.participantName || source.participantName,
    participantPhone: target.participantPhone || source.participantPhone,
    unreadCount: target.unreadCount + source.unreadCount,
    awaitingReply: awaitingSince !== null,
    awaitingSince,
    customerLastMessageAt: maxOrNull(target.customerLastMessageAt, source.customerLastMessageAt),
    assigneeFrom: ownerFrom.id,
    threadControlFrom: controlFrom.id,
    billableCount: target.billableCount + source.billableCount,
    createdAt: Math.min(target.createdAt, source.createdAt),
  };
}
