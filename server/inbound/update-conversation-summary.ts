import { NOTE_TYPE } from '../../schema/internal-note.ts';
import { isAfter } from '../../schema/message-order.ts';
import type { PoolClient } from '../db/pool.ts';
import type { BornSummary, ConversationState } from './find-or-create-conversation.ts';

/** The business's latest reply in a conversation, in thread order. */
export type LastOutbound = { at: number; arrival: number | null; id: string };

/** A newly stored message of one conversation from a webhook. */
export type NewInbound = {
  id: string;
  at: number;
  arrival: number;
  preview: string;
  /** 'out': the business wrote it elsewhere (app echo, Business Agent): a reply, never unread work. */
  direction?: 'in' | 'out';
  /** A customer message Meta's Business Agent handles: opens the window, but is nobody's work here. */
  handledElsewhere?: boolean;
  /** Imported history (coexistence): shown in order, but neither work, nor a reply, nor the window. */
  imported?: boolean;
};

export type SummaryUpdate = {
  conversationId: string;
  channelId: string;
  /** Set when a new message becomes the conversation's last one. */
  last: NewInbound | null;
  lastDirection: 'in' | 'out';
  /** A new message from the customer that is work here (reopens a resolved or snoozed conversation). */
  customerWrote: boolean;
  unreadCount: number;
  awaitingReply: boolean;
  awaitingSince: number | null;
  customerLastMessageAt: number | null;
  createdAt: number;
  /** Counter changes for channel_stats (conversations that started waiting / got unread messages). */
  waitingDelta: number;
  unreadDelta: number;
  /** The row already holds this summary (a conversation created with it): only the counters move. */
  rowWritten?: boolean;
};

/** The columns a new conversation is created with when summarised from a blank state (null: no last message). */
export function bornSummary(update: SummaryUpdate): BornSummary | null {
  if (update.last === null) return null;
  return {
    lastMessageId: update.last.id,
    preview: update.last.preview,
    lastMessageAt: update.last.at,
    direction: update.lastDirection,
    unreadCount: update.unreadCount,
    awaitingReply: update.awaitingReply,
    awaitingSince: update.awaitingSince,
    customerLastMessageAt: update.customerLastMessageAt,
    createdAt: update.createdAt,
  };
}

/** Whether a created conversation's row already holds `update` (its messages were all stored as planned). */
export function bornAs(state: ConversationState, update: SummaryUpdate): boolean {
  const now = bornSummary(update);
  const born = state.born;
  if (!state.created || born === null || now === null) return false;
  return (Object.keys(born) as (keyof BornSummary)[]).every((field) => born[field] === now[field]);
}

/**
 * The conversation after new inbound messages, whatever order they arrived in: the result depends on
 * the set of messages, not on delivery order (so duplicates and shuffles end in the same state).
 * - last message: the newest by (time, id), only if newer than the current last one;
 * - unread: +1 per new message;
 * - awaiting a reply (the lighthouse): a customer message newer than the last message turns it on,
 *   from the earliest such message; an older one can move `awaiting_since` back only while the
 *   conversation is waiting and the message is newer than the business's last reply (`lastOutbound`, in thread order: a tie in Meta's second goes by arrival);
 * - the 24-hour window starts at the customer's latest message; the conversation was created at its
 *   first message.
 */
export function summarizeInbound(
  state: ConversationState,
  messages: readonly NewInbound[],
  lastOutbound: LastOutbound | null,
): SummaryUpdate {
  let newest: NewInbound | null = null;
  let newestReply: NewInbound | null = null;
  let earliestNewer: number | null = null;
  let earliestOlder: number | null = null;
  let latest = state.customerLastMessageAt;
  let earliest = state.createdAt;
  let unread = 0;
  const last = { at: state.lastMessageAt, arrival: state.lastMessageArrival, id: state.lastMessageId };
  for (const m of messages) {
    if (newest === null || isAfter(m, newest)) newest = m;
    if (m.direction === 'out' && !m.imported && (newestReply === null || isAfter(m, newestReply)))
      newestReply = m;
    earliest = Math.min(earliest, m.at);
  }
  // A reply written on the phone (or by the Business Agent) after the last message answers everything before it.
  const replyAfterLast = newestReply !== null && isAfter(newestReply, last) ? newestReply : null;
  const boundary = replyAfterLast ?? last;
  for (const m of messages) {
    if (m.direction === 'out' || m.imported) continue;
    latest = latest === null ? m.at : Math.max(latest, m.at);
    if (m.handledElsewhere) continue;
    unread += 1;
    if (isAfter(m, boundary)) {
      earliestNewer = earliestNewer === null ? m.at : Math.min(earliestNewer, m.at);
    } else if (replyAfterLast === null && (lastOutbound === null || isAfter(m, lastOutbound))) {
      earliestOlder = earliestOlder === null ? m.at : Math.min(earliestOlder, m.at);
    }
  }
  const becomesLast = newest !== null && isAfter(newest, last);

  let awaitingReply = state.awaitingReply;
  let awaitingSince = state.awaitingSince;
  if (replyAfterLast !== null) {
    awaitingReply = false;
    awaitingSince = null;
  }
  if (earliestNewer !== null) {
    awaitingSince =
      awaitingReply && awaitingSince !== null ? Math.min(awaitingSince, earliestNewer) : earliestNewer;
    awaitingReply = true;
  }
  // A message older than the last one matters only if the conversation was already waiting on the
  // customer (its last message theirs): it then waits since earlier. Otherwise a reply came after it.
  // (A conversation marked handled without a reply has no recorded handling time; no such action exists.)
  if (earliestOlder !== null && state.awaitingReply && state.lastMessageDirection === 'in') {
    awaitingSince = awaitingSince === null ? earliestOlder : Math.min(awaitingSince, earliestOlder);
  }
  const unreadCount = state.unreadCount + unread;
  return {
    conversationId: state.id,
    channelId: state.channelId,
    last: becomesLast ? newest : null,
    lastDirection: becomesLast && newest?.direction === 'out' ? 'out' : 'in',
    customerWrote: unread > 0,
    unreadCount,
    awaitingReply,
    awaitingSince: awaitingReply ? awaitingSince : null,
    customerLastMessageAt: latest,
    createdAt: earliest,
    waitingDelta: (awaitingReply ? 1 : 0) - (state.awaitingReply ? 1 : 0),
    unreadDelta: (unreadCount > 0 ? 1 : 0) - (state.unreadCount > 0 ? 1 : 0),
  };
}

/** Whether summarizeInbound needs the business's last reply for this conversation. */
export function needsLastOutbound(state: ConversationState, messages: readonly NewInbound[]): boolean {
  return (
    state.awaitingReply &&
    state.lastMessageDirection === 'in' &&
    messages.some(
      (m) =>
        !isAfter(m, { at: state.lastMessageAt, arrival: state.lastMessageArrival, id: state.lastMessageId }),
    )
  );
}

/** The latest reply (outbound message, not an internal note) per conversation (only asked for out-of-order deliveries). */
export async function lastOutbounds(
  client: Pick<PoolClient, 'query'>,
  conversationIds: string[],
): Promise<Map<string, LastOutbound>> {
  if (conversationIds.length === 0) return new Map();
  const { rows } = await client.query<{
    conversation_id: string;
    id: string;
    at: Date;
    arrival: number | null;
  }>(
    `SELECT DISTINCT ON (conversation_id) conversation_id, id, created_at AS at, arrival FROM message
      WHERE conversation_id = ANY($1::text[]) AND direction = 'out' AND type <> $2
      ORDER BY conversation_id, created_at DESC, arrival DESC NULLS LAST, id DESC`,
    // Internal notes are not replies to the customer (schema/internal-note.ts).
    [conversationIds, NOTE_TYPE],
  );
  return new Map(rows.map((r) => [r.conversation_id, { at: r.at.getTime(), arrival: r.arrival, id: r.id }]));
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * Writes the summaries (the conversations are locked by this transaction), reopens resolved and
 * snoozed ones, and the channel counters, in one statement. Counters move by deltas: never a recount.
 * A summary the row already holds (`rowWritten`) moves only the counters.
 */
export async function writeConversationSummaries(client: PoolClient, all: SummaryUpdate[]): Promise<void> {
  if (all.length === 0) return;
  const updates = all.filter((u) => !u.rowWritten);
  const stats = new Map<string, { waiting: number; unread: number }>();
  for (const u of all) {
    const s = stats.get(u.channelId) ?? { waiting: 0, unread: 0 };
    s.waiting += u.waitingDelta;
    s.unread += u.unreadDelta;
    stats.set(u.channelId, s);
  }
  // Sorted: batches touching several channels take the counter rows in one order (no deadlock).
  const changedStats = [...stats.entries()]
    .filter(([, s]) => s.waiting !== 0 || s.unread !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  if (updates.length === 0 && changedStats.length === 0) return;
  await client.query(
    `WITH u AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::bool[],
                            $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $13::text[],
                            $14::bool[])
         AS u(id, last_id, preview, last_at, unread, awaiting, awaiting_since, customer_last, created_at, direction,
              customer_wrote)
     ), reopened AS (
       -- A customer's new message reopens a resolved or snoozed conversation (the same row: its
       -- history stays in one thread), with a system event in the thread. A reply the business wrote
       -- elsewhere (phone app, Business Agent) does not.
       INSERT INTO conversation_event (id, conversation_id, kind, reason, at)
       SELECT gen_random_uuid()::text, c.id, 'reopened', 'customer', now()
         FROM conversation c JOIN u ON u.id = c.id WHERE c.state IN ('pending', 'resolved') AND u.customer_wrote
     ), upd AS (
       UPDATE conversation c SET
         state = CASE WHEN c.state IN ('pending', 'resolved') AND u.customer_wrote THEN 'open' ELSE c.state END,
         snoozed_until = CASE WHEN c.state IN ('pending', 'resolved') AND u.customer_wrote THEN NULL
                              ELSE c.snoozed_until END,
         last_message_id = coalesce(u.last_id, c.last_message_id),
         last_message_preview = CASE WHEN u.last_id IS NULL THEN c.last_message_preview ELSE u.preview END,
         last_message_at = CASE WHEN u.last_id IS NULL THEN c.last_message_at ELSE u.last_at END,
         last_message_direction = CASE WHEN u.last_id IS NULL THEN c.last_message_direction ELSE u.direction END,
         last_message_status = CASE WHEN u.last_id IS NULL THEN c.last_message_status
                                    WHEN u.direction = 'out' THEN 'sent' ELSE 'received' END,
         last_message_error = CASE WHEN u.last_id IS NULL THEN c.last_message_error END,
         unread_count = u.unread,
         awaiting_reply = u.awaiting,
         awaiting_since = u.awaiting_since,
         customer_last_message_at = u.customer_last,
         created_at = u.created_at,
         updated_at = now()
       FROM u WHERE c.id = u.id
     )
     -- The inserted row holds no negative delta (its CHECK applies before the conflict is seen); a
     -- reply from the phone app can take a conversation off the waiting count.
     INSERT INTO channel_stats AS s (channel_id, waiting_count, unread_count)
     SELECT id, greatest(w, 0), greatest(u, 0) FROM unnest($10::text[], $11::int[], $12::int[]) AS d(id, w, u)
     ON CONFLICT (channel_id) DO UPDATE SET
       waiting_count = s.waiting_count
         + (SELECT d.w FROM unnest($10::text[], $11::int[]) AS d(id, w) WHERE d.id = s.channel_id),
       unread_count = s.unread_count
         + (SELECT d.u FROM unnest($10::text[], $12::int[]) AS d(id, u) WHERE d.id = s.channel_id),
       updated_at = now()`,
    [
      updates.map((u) => u.conversationId),
      updates.map((u) => u.last?.id ?? null),
      updates.map((u) => u.last?.preview ?? null),
      updates.map((u) => date(u.last?.at ?? null)),
      updates.map((u) => u.unreadCount),
      updates.map((u) => u.awaitingReply),
      updates.map((u) => date(u.awaitingSince)),
      updates.map((u) => date(u.customerLastMessageAt)),
      updates.map((u) => new Date(u.createdAt)),
      changedStats.map(([id]) => id),
      changedStats.map(([, s]) => s.waiting),
      changedStats.map(([, s]) => s.unread),
      updates.map((u) => u.lastDirection),
      updates.map((u) => u.customerWrote),
    ],
  );
}
