import type { ZeroContext } from '../../schema/context.ts';
import { canApply, type LifecycleAction } from '../../schema/conversation-lifecycle.ts';
import { type Db, type LockedConversation, lockConversations } from './lock-conversations.ts';
import { type OperatorChange, recordOperatorChanges } from './record-operator-changes.ts';

export type LifecycleOptions = { timeZone: string; nowMs: number };

/** What one lifecycle command (resolve, reopen, snooze) does beyond what they all do. */
export type LifecycleChange = {
  action: LifecycleAction;
  /** The thread event each conversation gets. */
  event: OperatorChange['event'];
  /** Audited beside the state the conversation left. */
  auditDetails?: Record<string, unknown>;
  /** The command's own SQL on the locked conversations it applies to. */
  write: (db: Db, targets: LockedConversation[], actorId: string, options: LifecycleOptions) => Promise<void>;
};

/**
 * Runs a lifecycle command in the caller's transaction: checks the operator's authority, locks the
 * conversations of `ids` they may see, keeps those the command applies to in their state
 * (`canApply`), writes the change, and records a thread event and an audit entry for each. Returns
 * the ids changed.
 */
export async function changeLifecycle(
  db: Db,
  ctx: ZeroContext | undefined,
  ids: readonly string[],
  options: LifecycleOptions,
  change: LifecycleChange,
): Promise<string[]> {
  const targets = (await lockConversations(db, ctx, ids)).filter((c) => canApply(change.action, c.state));
  if (targets.length === 0 || !ctx) return [];
  await change.write(db, targets, ctx.userID, options);
  await recordOperatorChanges(
    db,
    ctx.userID,
    options.nowMs,
    targets.map((t) => ({
      conversationId: t.id,
      event: change.event,
      audit: { action: `conversation.${change.action}`, details: { from: t.state, ...change.auditDetails } },
    })),
  );
  return targets.map((t) => t.id);
}
