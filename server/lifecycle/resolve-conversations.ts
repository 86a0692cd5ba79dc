import type { ZeroContext } from '../../schema/context.ts';
import { canApply } from '../../schema/conversation-lifecycle.ts';
import { dayKey, operatorDayStatsId } from '../../schema/day-key.ts';
import { recordAudits } from '../audit/record-audit.ts';
import { type Db, lockConversations, operatorName } from './lock-conversations.ts';
import { recordConversationEvents } from './record-conversation-events.ts';

export type LifecycleOptions = { timeZone: string; nowMs: number };

/**
 * Resolves the open and pending conversations of `ids` the operator may see, in the caller's
 * transaction: the lighthouse goes off (the channel's waiting counter follows), the operator's
 * "completed today" counts each conversation once a day, and each one gets a thread event and an
 * audit entry. Returns the ids resolved.
 */
export async function resolveConversations(
  db: Db,
  ctx: ZeroContext | undefined,
  ids: readonly string[],
  options: LifecycleOptions,
): Promise<string[]> {
  const targets = (await lockConversations(db, ctx, ids)).filter((c) => canApply('resolve', c.state));
  if (targets.length === 0 || !ctx) return [];
  const at = new Date(options.nowMs);
  const resolved = targets.map((t) => t.id);
  await db.query(
    `UPDATE conversation SET state = 'resolved', snoozed_until = NULL, resolved_at = $2, resolved_by = $3,
            awaiting_reply = false, awaiting_since = NULL, updated_at = $2
      WHERE id = ANY($1::text[])`,
    [resolved, at, ctx.userID],
  );

  const waitingByChannel = new Map<string, number>();
  for (const t of targets) {
    if (t.awaitingReply) waitingByChannel.set(t.channelId, (waitingByChannel.get(t.channelId) ?? 0) + 1);
  }
  // Sorted, like every writer of channel_stats, so no two transactions take them in crossing orders.
  const waiting = [...waitingByChannel].sort(([a], [b]) => (a < b ? -1 : 1));
  if (waiting.length > 0) {
    await db.query(
      `UPDATE channel_stats s SET waiting_count = greatest(0, s.waiting_count - d.n), updated_at = now()
         FROM unnest($1::text[], $2::int[]) AS d(channel_id, n) WHERE s.channel_id = d.channel_id`,
      [waiting.map(([c]) => c), waiting.map(([, n]) => n)],
    );
  }

  const day = dayKey(options.nowMs, options.timeZone);
  const firsts = await db.query(
    `INSERT INTO private.conversation_resolved (operator_id, day, conversation_id)
     SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
    [ctx.userID, day, resolved],
  );
  const counted = firsts.rowCount ?? 0;
  if (counted > 0) {
    await db.query(
      `INSERT INTO operator_day_stats (id, operator_id, day, resolved_count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (operator_id, day) DO UPDATE
         SET resolved_count = operator_day_stats.resolved_count + EXCLUDED.resolved_count`,
      [operatorDayStatsId(ctx.userID, day), ctx.userID, day, counted],
    );
  }

  const actorName = await operatorName(db, ctx.userID);
  await recordConversationEvents(
    db,
    resolved.map((conversationId) => ({
      conversationId,
      kind: 'resolved' as const,
      actorId: ctx.userID,
      actorName,
      at: options.nowMs,
    })),
  );
  await recordAudits(
    db,
    targets.map((t) => ({
      actorId: ctx.userID,
      action: 'conversation.resolve',
      target: `conversation:${t.id}`,
      details: { from: t.state },
    })),
  );
  return resolved;
}
