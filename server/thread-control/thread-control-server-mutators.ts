import { defineMutator } from '@rocicorp/zero';
import type { ZeroContext } from '../../schema/context.ts';
import { ThreadControlArgs } from '../../schema/mutators/conversations.ts';
import { canHandBack, canTakeOver, type ThreadControl } from '../../schema/thread-control.ts';
import { pgClientOf } from '../db/pg-client-of.ts';
import { type Db, lockConversations } from '../lifecycle/lock-conversations.ts';
import { recordOperatorChanges } from '../lifecycle/record-operator-changes.ts';
import { enqueueThreadControl } from '../outbound/outbox-jobs.ts';

type Command = 'takeOver' | 'handBack';

/**
 * Take over from Meta Business Agent, or hand the conversation back: in the mutation's transaction the
 * conversation shows the new owner, the thread gets an event, the audit log an entry, and the outbox a
 * job that tells Meta (send-thread-control-job.ts, which puts the previous owner back if Meta refuses).
 * A conversation that is not in the state the command needs is left alone (the command raced another).
 */
export async function changeThreadControl(
  db: Db,
  ctx: ZeroContext | undefined,
  conversationId: string,
  command: Command,
  nowMs: number,
): Promise<boolean> {
  const [target] = await lockConversations(db, ctx, [conversationId]);
  if (!target || !ctx) return false;
  const { rows } = await db.query<{ thread_control: ThreadControl | null }>(
    'SELECT thread_control FROM conversation WHERE id = $1',
    [target.id],
  );
  const previous = rows[0]?.thread_control ?? null;
  const allowed = command === 'takeOver' ? canTakeOver : canHandBack;
  if (!allowed({ threadControl: previous })) return false;
  const next: ThreadControl = command === 'takeOver' ? 'team' : 'idle';
  // Whole seconds, like Meta's webhook times: a handover Meta reports in the same second as this command
  // (the agent answering the customer right after a hand-back) counts as the later event.
  const atMs = Math.floor(nowMs / 1000) * 1000;
  const at = new Date(atMs);
  await db.query(
    `UPDATE conversation SET thread_control = $2, thread_control_at = $3, updated_at = $3 WHERE id = $1`,
    [target.id, next, at],
  );
  await recordOperatorChanges(db, ctx.userID, nowMs, [
    {
      conversationId: target.id,
      event: { kind: command === 'takeOver' ? 'taken_over' : 'handed_back' },
      audit: {
        action: command === 'takeOver' ? 'conversation.take_over' : 'conversation.hand_back',
        details: { from: previous },
      },
    },
  ]);
  await enqueueThreadControl(db, {
    conversationId: target.id,
    action: command === 'takeOver' ? 'take' : 'release',
    previous,
    at: atMs,
  });
  return true;
}

/** Server overrides of conversations.takeOver / handBack (same names and arguments as the shared ones). */
export function threadControlServerMutators(now: () => number = Date.now) {
  return {
    takeOver: defineMutator(ThreadControlArgs, async ({ tx, args, ctx }) => {
      await changeThreadControl(pgClientOf(tx), ctx, args.id, 'takeOver', now());
    }),
    handBack: defineMutator(ThreadControlArgs, async ({ tx, args, ctx }) => {
      await changeThreadControl(pgClientOf(tx), ctx, args.id, 'handBack', now());
    }),
  };
}
