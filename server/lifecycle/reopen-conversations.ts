import type { ZeroContext } from '../../schema/context.ts';
import { canApply } from '../../schema/conversation-lifecycle.ts';
import { recordAudits } from '../audit/record-audit.ts';
import { type Db, lockConversations, operatorName } from './lock-conversations.ts';
import { recordConversationEvents } from './record-conversation-events.ts';
import type { LifecycleOptions } from './resolve-conversations.ts';

/** An operator reopens pending or resolved conversations. Returns the ids reopened. */
export async function reopenConversations(
  db: Db,
  ctx: ZeroContext | undefined,
  ids: readonly string[],
  options: LifecycleOptions,
): Promise<string[]> {
  const targets = (await lockConversations(db, ctx, ids)).filter((c) => canApply('reopen', c.state));
  if (targets.length === 0 || !ctx) return [];
  const reopened = targets.map((t) => t.id);
  await db.query(
    `UPDATE conversation SET state = 'open', snoozed_until = NULL, updated_at = $2 WHERE id = ANY($1::text[])`,
    [reopened, new Date(options.nowMs)],
  );
  const actorName = await operatorName(db, ctx.userID);
  await recordConversationEvents(
    db,
    reopened.map((conversationId) => ({
      conversationId,
      kind: 'reopened' as const,
      actorId: ctx.userID,
      actorName,
      reason: 'operator' as const,
      at: options.nowMs,
    })),
  );
  await recordAudits(
    db,
    targets.map((t) => ({
      actorId: ctx.userID,
      action: 'conversation.reopen',
      target: `conversation:${t.id}`,
      details: { from: t.state },
    })),
  );
  return reopened;
}
