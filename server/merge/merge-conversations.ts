import type { ZeroContext } from '../../schema/context.ts';
import { conversationLabel, mergeRefusal } from '../../schema/conversation-merge.ts';
import { NOTE_TYPE } from '../../schema/internal-note.ts';
import { isAfter } from '../../schema/message-order.ts';
import { assertCanWrite, assertChatsEnabled, mutationError } from '../../schema/mutators/mutation-error.ts';
import type { ConversationState } from '../../schema/schema.ts';
import { lastOutbounds } from '../inbound/update-conversation-summary.ts';
import { type Db, operatorName } from '../lifecycle/lock-conversations.ts';
import { recordOperatorChanges } from '../lifecycle/record-operator-changes.ts';
import { mergeCustomers } from './merge-customers.ts';
import {
  type MergedSummary,
  type MergeSide,
  mergedSummary,
  type WaitingCandidate,
} from './merged-summary.ts';
import { moveConversationRows } from './move-conversation-rows.ts';

type Row = {
  id: string;
  number: string;
  channel_id: string;
  contact_id: string;
  wa_id: string;
  state: ConversationState;
  snoozed_until: Date | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  participant_name: string;
  participant_phone: string;
  last_message_id: string | null;
  last_message_preview: string;
  last_message_at: Date | null;
  last_message_arrival: string | null;
  last_message_direction: 'in' | 'out' | null;
  last_message_status: string | null;
  last_message_error: string | null;
  last_operator_id: string | null;
  last_operator_name: string | null;
  unread_count: number;
  awaiting_reply: boolean;
  awaiting_since: Date | null;
  customer_last_message_at: Date | null;
  assignee_id: string | null;
  assignee_name: string | null;
  assigned_at: Date | null;
  thread_control: string | null;
  thread_control_at: Date | null;
  billable_count: number;
  created_at: Date;
};

const ms = (d: Date | null) => (d === null ? null : d.getTime());

/** Both customers' conversations; locked (in the inbound path's order) when `lock`. */
async function readConversations(db: Db, contactIds: string[] | null, ids: string[], lock: boolean) {
  const { rows } = await db.query<Row>(
    `SELECT c.id, c.number::text, c.channel_id, c.contact_id, ct.wa_id, c.state, c.snoozed_until, c.resolved_at,
            c.resolved_by, c.participant_name, c.participant_phone, c.last_message_id, c.last_message_preview,
            c.last_message_at, m.arrival::text AS last_message_arrival, c.last_message_direction,
            c.last_message_status, c.last_message_error, c.last_operator_id, c.last_operator_name, c.unread_count,
            c.awaiting_reply, c.awaiting_since, c.customer_last_message_at, c.assignee_id, c.assignee_name,
            c.assigned_at, c.thread_control, c.thread_control_at, c.billable_count, c.created_at
       FROM conversation c JOIN contact ct ON ct.id = c.contact_id
       LEFT JOIN message m ON m.id = c.last_message_id
      WHERE ${contactIds ? 'c.contact_id = ANY($1::text[])' : 'c.id = ANY($1::text[])'}
      ORDER BY c.channel_id COLLATE "C", ct.wa_id COLLATE "C", c.id
      ${lock ? 'FOR UPDATE OF c' : ''}`,
    [contactIds ?? ids],
  );
  return rows;
}

function side(r: Row): MergeSide {
  return {
    id: r.id,
    state: r.state,
    snoozedUntil: ms(r.snoozed_until),
    resolvedAt: ms(r.resolved_at),
    resolvedBy: r.resolved_by,
    participantName: r.participant_name,
    participantPhone: r.participant_phone,
    last:
      r.last_message_id === null || r.last_message_at === null
        ? null
        : {
            id: r.last_message_id,
            at: r.last_message_at.getTime(),
            arrival: r.last_message_arrival === null ? null : Number(r.last_message_arrival),
          },
    lastOperatorId: r.last_operator_id,
    lastOperatorName: r.last_operator_name,
    unreadCount: r.unread_count,
    awaitingReply: r.awaiting_reply,
    awaitingSince: ms(r.awaiting_since),
    customerLastMessageAt: ms(r.customer_last_message_at),
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    assignedAt: ms(r.assigned_at),
    threadControl: r.thread_control,
    threadControlAt: ms(r.thread_control_at),
    billableCount: r.billable_count,
    createdAt: r.created_at.getTime(),
  };
}

const inScope = (ctx: ZeroContext, r: Row) =>
  ctx.channelScope === null || ctx.channelScope.includes(r.channel_id);
const label = (r: Row) =>
  conversationLabel({
    number: Number(r.number),
    participantName: r.participant_name,
    participantPhone: r.participant_phone,
  });

/** A pair to merge: `source` disappears into `target`. */
type Pair = { source: Row; target: Row };

/**
 * Merges conversation `sourceId` into `targetId` in the caller's transaction (issue 15.1): an operator
 * saw that two conversations are one person. When they are two stored customers, the customers become
 * one (server/merge/merge-customers.ts): the merged customer's identifiers join the kept one, so later
 * messages arrive in the kept conversation, and where both customers had a conversation on another
 * business number those are merged too (one customer has one conversation per number). Each merged
 * conversation's messages, reactions, events, notes, requests and drafts move into its pair
 * (server/merge/move-conversation-rows.ts); the pair's summary is recomputed as if the threads had
 * always been one (merged-summary.ts); the channel counters move by the difference; the merged row is
 * deleted and `conversation_merge` remembers where it went. A thread event and an audit entry record it.
 *
 * Refused: a conversation the operator cannot see (`not_found`), two business numbers (`invalid`), a
 * merged conversation with replies still in the outbox (`invalid`: they would leave for the other
 * identity), and customers with conversations on numbers outside the operator's scope (`forbidden`).
 */
export async function mergeConversations(
  db: Db,
  ctx: ZeroContext | undefined,
  targetId: string,
  sourceId: string,
  nowMs: number,
): Promise<void> {
  assertCanWrite(ctx);
  assertChatsEnabled(ctx);
  const missing = () => mutationError('not_found', 'No such conversation.');
  const seen = await readConversations(db, null, [targetId, sourceId], false);
  const seenTarget = seen.find((r) => r.id === targetId);
  const seenSource = seen.find((r) => r.id === sourceId);
  if (!seenTarget || !seenSource || !inScope(ctx, seenTarget) || !inScope(ctx, seenSource)) throw missing();
  const refusal = mergeRefusal(
    { id: seenTarget.id, channelId: seenTarget.channel_id },
    { id: seenSource.id, channelId: seenSource.channel_id },
  );
  if (refusal) throw mutationError('invalid', refusal);

  // Customers first, then conversations: the inbound path's lock order (upsert-contacts.ts locks the
  // customer rows, then find-or-create-conversation.ts the conversations), so they never deadlock.
  const contactIds = [...new Set([seenTarget.contact_id, seenSource.contact_id])];
  await db.query('SELECT id FROM contact WHERE id = ANY($1::text[]) ORDER BY wa_id COLLATE "C" FOR UPDATE', [
    contactIds,
  ]);
  const all = await readConversations(db, contactIds, [], true);
  const target = all.find((r) => r.id === targetId);
  const source = all.find((r) => r.id === sourceId);
  // Merged or moved by a colleague meanwhile.
  if (!target || !source || target.contact_id !== seenTarget.contact_id) throw missing();
  if (source.contact_id !== seenSource.contact_id) throw missing();

  const pairs: Pair[] = [{ source, target }];
  const sameCustomer = source.contact_id === target.contact_id;
  if (!sameCustomer) {
    for (const s of all) {
      if (s.contact_id !== source.contact_id || s.id === source.id || s.state === 'closed') continue;
      const t = all.find(
        (r) =>
          r.contact_id === target.contact_id &&
          r.channel_id === s.channel_id &&
          r.state !== 'closed' &&
          r.id !== target.id,
      );
      if (t) pairs.push({ source: s, target: t });
    }
    if (all.some((r) => r.contact_id === source.contact_id && !inScope(ctx, r)))
      throw mutationError(
        'forbidden',
        'This customer also has conversations on business numbers you do not handle: ask an administrator to merge them.',
      );
  }

  const sourceIds = pairs.map((p) => p.source.id);
  const { rows: sending } = await db.query<{ conversation_id: string }>(
    `SELECT conversation_id FROM private.outbound_message
      WHERE conversation_id = ANY($1::text[]) AND done_at IS NULL LIMIT 1`,
    [sourceIds],
  );
  const stillSending = pairs.find((p) => p.source.id === sending[0]?.conversation_id);
  if (stillSending)
    throw mutationError(
      'invalid',
      `Replies in ${label(stillSending.source)} are still being sent: merge when they have been sent or have failed.`,
    );

  const summaries = await summarize(db, pairs);
  await moveConversationRows(
    db,
    pairs.map((p) => ({ sourceId: p.source.id, targetId: p.target.id })),
  );
  await db.query('DELETE FROM conversation WHERE id = ANY($1::text[])', [sourceIds]);
  await writeSummaries(db, pairs, summaries);
  if (!sameCustomer) await mergeCustomers(db, target.contact_id, source.contact_id);
  await adjustChannelCounters(db, pairs, summaries);

  const actorName = await operatorName(db, ctx.userID);
  await db.query(
    `INSERT INTO conversation_merge (source_id, source_number, source_label, target_id, actor_id, actor_name, at)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])`,
    [
      sourceIds,
      pairs.map((p) => p.source.number),
      pairs.map((p) => label(p.source)),
      pairs.map((p) => p.target.id),
      pairs.map(() => ctx.userID),
      pairs.map(() => actorName),
      pairs.map(() => new Date(nowMs)),
    ],
  );
  await recordOperatorChanges(
    db,
    ctx.userID,
    nowMs,
    pairs.map((p) => ({
      conversationId: p.target.id,
      event: { kind: 'merged', detail: label(p.source) },
      audit: {
        action: 'conversation.merge',
        details: {
          sourceId: p.source.id,
          sourceNumber: Number(p.source.number),
          customerMerged: !sameCustomer,
        },
      },
    })),
  );
}

/** The summary of each pair's kept conversation, from both rows and their messages. */
async function summarize(db: Db, pairs: readonly Pair[]): Promise<MergedSummary[]> {
  const ids = pairs.flatMap((p) => [p.source.id, p.target.id]);
  const replies = await lastOutbounds(db, ids);
  const waiting = pairs.flatMap((p) => [p.source, p.target]).filter((r) => r.awaiting_reply);
  // Customer messages that are work here (schema/internal-note.ts; origin: server/inbound/
  // apply-webhook-batch.ts's `handledElsewhere` and `imported`), from where each waiting thread waits.
  const { rows } = await db.query<{ conversation_id: string; at: Date; arrival: string | null; id: string }>(
    `SELECT m.conversation_id, m.created_at AS at, m.arrival::text, m.id
       FROM unnest($1::text[], $2::timestamptz[]) AS w(id, since)
       JOIN message m ON m.conversation_id = w.id AND m.created_at >= coalesce(w.since, '-infinity')
      WHERE m.direction = 'in' AND m.type <> $3
        AND m.origin IS DISTINCT FROM 'standby' AND m.origin IS DISTINCT FROM 'history'`,
    [waiting.map((r) => r.id), waiting.map((r) => r.awaiting_since), NOTE_TYPE],
  );
  const candidates: WaitingCandidate[] = rows.map((r) => ({
    conversationId: r.conversation_id,
    at: r.at.getTime(),
    arrival: r.arrival === null ? null : Number(r.arrival),
    id: r.id,
  }));
  return pairs.map(({ source, target }) => {
    const a = replies.get(target.id) ?? null;
    const b = replies.get(source.id) ?? null;
    const lastReply = a === null ? b : b === null ? a : isAfter(b, a) ? b : a;
    return mergedSummary(side(target), side(source), lastReply, candidates);
  });
}

async function writeSummaries(db: Db, pairs: readonly Pair[], summaries: readonly MergedSummary[]) {
  for (const [i, { source, target }] of pairs.entries()) {
    const s = summaries[i] as MergedSummary;
    const pick = (id: string) => (id === source.id ? source : target);
    const last = pick(s.lastFrom);
    const other = last === source ? target : source;
    const state = pick(s.stateFrom);
    const owner = pick(s.assigneeFrom);
    const control = pick(s.threadControlFrom);
    await db.query(
      `UPDATE conversation SET
         last_message_id = $2, last_message_preview = $3, last_message_at = $4, last_message_direction = $5,
         last_message_status = $6, last_message_error = $7, last_operator_id = $8, last_operator_name = $9,
         state = $10, snoozed_until = $11, resolved_at = $12, resolved_by = $13,
         assignee_id = $14, assignee_name = $15, assigned_at = $16, thread_control = $17, thread_control_at = $18,
         participant_name = $19, participant_phone = $20, unread_count = $21, awaiting_reply = $22,
         awaiting_since = $23, customer_last_message_at = $24, billable_count = $25, created_at = $26,
         updated_at = now()
       WHERE id = $1`,
      [
        target.id,
        last.last_message_id,
        last.last_message_preview,
        last.last_message_at,
        last.last_message_direction,
        last.last_message_status,
        last.last_message_error,
        last.last_operator_id ?? other.last_operator_id,
        last.last_operator_id === null ? other.last_operator_name : last.last_operator_name,
        state.state,
        state.snoozed_until,
        state.resolved_at,
        state.resolved_by,
        owner.assignee_id,
        owner.assignee_name,
        owner.assigned_at,
        control.thread_control,
        control.thread_control_at,
        s.participantName,
        s.participantPhone,
        s.unreadCount,
        s.awaitingReply,
        s.awaitingSince === null ? null : new Date(s.awaitingSince),
        s.customerLastMessageAt === null ? null : new Date(s.customerLastMessageAt),
        s.billableCount,
        new Date(s.createdAt),
      ],
    );
  }
}

/** Waiting and unread conversations per business number: two became one. */
async function adjustChannelCounters(db: Db, pairs: readonly Pair[], summaries: readonly MergedSummary[]) {
  const deltas = new Map<string, { waiting: number; unread: number }>();
  for (const [i, { source, target }] of pairs.entries()) {
    const s = summaries[i] as MergedSummary;
    const d = deltas.get(target.channel_id) ?? { waiting: 0, unread: 0 };
    d.waiting += Number(s.awaitingReply) - Number(source.awaiting_reply) - Number(target.awaiting_reply);
    d.unread += Number(s.unreadCount > 0) - Number(source.unread_count > 0) - Number(target.unread_count > 0);
    deltas.set(target.channel_id, d);
  }
  const changed = [...deltas]
    .filter(([, d]) => d.waiting !== 0 || d.unread !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  if (changed.length === 0) return;
  await db.query(
    `UPDATE channel_stats s SET waiting_count = s.waiting_count + d.w, unread_count = s.unread_count + d.u,
            updated_at = now()
       FROM unnest($1::text[], $2::int[], $3::int[]) AS d(id, w, u) WHERE s.channel_id = d.id`,
    [changed.map(([id]) => id), changed.map(([, d]) => d.waiting), changed.map(([, d]) => d.unread)],
  );
}
