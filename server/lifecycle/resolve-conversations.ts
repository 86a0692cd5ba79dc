import { dayKey, operatorDayStatsId } from '../../schema/day-key.ts';
import type { LifecycleChange, LifecycleOptions } from './change-lifecycle.ts';
import type { Db, LockedConversation } from './lock-conversations.ts';

/**
 * Resolves open and pending conversations: the lighthouse goes off (the channel's waiting counter
 * follows) and the operator's "completed today" counts each conversation once a day.
 */
export const resolveChange: LifecycleChange = {
  action: 'resolve',
  event: { kind: 'resolved' },
  write: async (db, targets, actorId, options) => {
    const resolved = targets.map((t) => t.id);
    await db.query(
      `UPDATE conversation SET state = 'resolved', snoozed_until = NULL, resolved_at = $2, resolved_by = $3,
              awaiting_reply = false, awaiting_since = NULL, updated_at = $2
        WHERE id = ANY($1::text[])`,
      [resolved, new Date(options.nowMs), actorId],
    );
    await decrementWaiting(db, targets);
    await countResolutions(db, actorId, resolved, options);
  },
};

/** The channels' waiting counters lose the resolved conversations that were waiting for a reply. */
async function decrementWaiting(db: Db, targets: readonly LockedConversation[]): Promise<void> {
  const waitingByChannel = new Map<string, number>();
  for (const t of targets) {
    if (t.awaitingReply) waitingByChannel.set(t.channelId, (waitingByChannel.get(t.channelId) ?? 0) + 1);
  }
  // Sorted, like every writer of channel_stats, so no two transactions take them in crossing orders.
  const waiting = [...waitingByChannel].sort(([a], [b]) => (a < b ? -1 : 1));
  if (waiting.length === 0) return;
  await db.query(
    `UPDATE channel_stats s SET waiting_count = greatest(0, s.waiting_count - d.n), updated_at = now()
       FROM unnest($1::text[], $2::int[]) AS d(channel_id, n) WHERE s.channel_id = d.channel_id`,
    [waiting.map(([c]) => c), waiting.map(([, n]) => n)],
  );
}

/** The operator's resolutions today: each conversation counts once a day, however often resolved. */
async function countResolutions(
  db: Db,
  actorId: string,
  resolved: readonly string[],
  options: LifecycleOptions,
): Promise<void> {
  const day = dayKey(options.nowMs, options.timeZone);
  const firsts = await db.query(
    `INSERT INTO private.conversation_resolved (operator_id, day, conversation_id)
     SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
    [actorId, day, resolved],
  );
  const counted = firsts.rowCount ?? 0;
  if (counted === 0) return;
  await db.query(
    `INSERT INTO operator_day_stats (id, operator_id, day, resolved_count) VALUES ($1, $2, $3, $4)
     ON CONFLICT (operator_id, day) DO UPDATE
       SET resolved_count = operator_day_stats.resolved_count + EXCLUDED.resolved_count`,
    [operatorDayStatsId(actorId, day), actorId, day, counted],
  );
}
