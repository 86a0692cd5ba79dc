import type { ZeroContext } from '../../schema/context.ts';
import { canApply } from '../../schema/conversation-lifecycle.ts';
import { mutationError } from '../../schema/mutators/mutation-error.ts';
import { recordAudits } from '../audit/record-audit.ts';
import { type Db, lockConversations, operatorName } from './lock-conversations.ts';
import { recordConversationEvents } from './record-conversation-events.ts';
import type { LifecycleOptions } from './resolve-conversations.ts';

/**
 * Sets open or pending conversations aside until `until` (the sweep in reopen-snoozed.ts reopens
 * them) or, with null, until the customer writes (the inbound path reopens them). Returns the ids.
 */
export async function snoozeConversations(
  db: Db,
  ctx: ZeroContext | undefined,
  ids: readonly string[],
  until: number | null,
  options: LifecycleOptions,
): Promise<string[]> {
  if (until !== null && until <= options.nowMs)
    throw mutationError('invalid', 'Snooze until a time in the future.');
  const targets = (await lockConversations(db, ctx, ids)).filter((c) => canApply('snooze', c.state));
  if (targets.length === 0 || !ctx) return [];
  const snoozed = targets.map((t) => t.id);
  await db.query(
    `UPDATE conversation SET state = 'pending', snoozed_until = $2, updated_at = $3 WHERE id = ANY($1::text[])`,
    [snoozed, until === null ? null : new Date(until), new Date(options.nowMs)],
  );
  const actorName = await operatorName(db, ctx.userID);
  await recordConversationEvents(
    db,
    snoozed.map((conversationId) => ({
      conversationId,
      kind: 'snoozed' as const,
      actorId: ctx.userID,
      actorName,
      until,
      at: options.nowMs,
    })),
  );
  await recordAudits(
    db,
    targets.map((t) => ({
      actorId: ctx.userID,
      action: 'conversation.snooze',
      target: `conversation:${t.id}`,
      details: { from: t.state, until: until === null ? 'customer_reply' : new Date(until).toISOString() },
    })),
  );
  return snoozed;
}
