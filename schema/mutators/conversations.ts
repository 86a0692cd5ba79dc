import { defineMutator, type Transaction } from '@rocicorp/zero';
import { canOwn } from '../assignment.ts';
import type { ZeroContext } from '../context.ts';
import { canApply, type LifecycleAction } from '../conversation-lifecycle.ts';
import { mergeRefusal } from '../conversation-merge.ts';
import type { Conversation, Schema } from '../schema.ts';
import { zql } from '../schema.ts';
import { canHandBack, canTakeOver, type ThreadControl } from '../thread-control.ts';
import { z } from '../zod.ts';
import { assertCanWrite, assertChatsEnabled, mutationError } from './mutation-error.ts';

// Lifecycle (resolve, snooze, reopen) and ownership (assign, transfer, unassign) of conversations,
// one or many at once (the table's selection). In the browser they run optimistically on the rows it
// has; the server replaces them (server/lifecycle/lifecycle-server-mutators.ts) with set-based SQL that
// also writes the thread's system events, the audit log and the counters in the same transaction.
// Names and argument shapes are wire protocol (and stored in offline queues): keep them stable.

const id = z.string().check(z.minLength(1), z.maxLength(64));
/** The table's selection: at most this many conversations in one command. */
export const MAX_BULK = 200;
const ids = z.array(id).check(z.minLength(1), z.maxLength(MAX_BULK));

export const ResolveArgs = z.object({ ids, now: z.number() });
export type ResolveArgs = z.infer<typeof ResolveArgs>;
export const ReopenArgs = z.object({ ids, now: z.number() });
export type ReopenArgs = z.infer<typeof ReopenArgs>;
export const SnoozeArgs = z.object({
  ids,
  /** When it reopens by itself; null: when the customer writes. */
  until: z.nullable(z.number().check(z.int(), z.nonnegative())),
  now: z.number(),
});
export type SnoozeArgs = z.infer<typeof SnoozeArgs>;
/** Assign (or transfer) to `operatorId`, or unassign with null. */
export const AssignArgs = z.object({ ids, operatorId: z.nullable(id), now: z.number() });
export type AssignArgs = z.infer<typeof AssignArgs>;
/** Take over from Meta Business Agent, or hand the conversation back to it (schema/thread-control.ts). */
export const ThreadControlArgs = z.object({ id, now: z.number() });
export type ThreadControlArgs = z.infer<typeof ThreadControlArgs>;

/** Merge `sourceId` (it disappears) into `targetId` (it stays): schema/conversation-merge.ts. */
export const MergeArgs = z.object({ targetId: id, sourceId: id, now: z.number() });
export type MergeArgs = z.infer<typeof MergeArgs>;

type Tx = Transaction<Schema>;

function assertModuleOn(ctx: ZeroContext) {
  assertChatsEnabled(ctx);
}

/** The rows of `ids` this browser has and the operator may see (the server decides for the rest). */
async function loaded(tx: Tx, ctx: ZeroContext, conversationIds: readonly string[]): Promise<Conversation[]> {
  const rows: Conversation[] = [];
  for (const cid of conversationIds) {
    const c = await tx.run(zql.conversation.where('id', cid).one());
    if (c && (ctx.channelScope === null || ctx.channelScope.includes(c.channelId))) rows.push(c);
  }
  return rows;
}

async function transition(
  tx: Tx,
  ctx: ZeroContext | undefined,
  action: LifecycleAction,
  args: { ids: string[]; now: number },
  change: (c: Conversation) => Partial<Conversation>,
) {
  assertCanWrite(ctx);
  assertModuleOn(ctx);
  for (const c of await loaded(tx, ctx, args.ids)) {
    if (!canApply(action, c.state)) continue;
    await tx.mutate.conversation.update({ id: c.id, ...change(c), updatedAt: args.now });
  }
}

/** Take over or hand back: the new owner of the thread, where the command applies (`applies`). */
async function passThreadControl(
  tx: Tx,
  ctx: ZeroContext | undefined,
  args: ThreadControlArgs,
  applies: (c: Conversation) => boolean,
  threadControl: ThreadControl,
) {
  assertCanWrite(ctx);
  assertModuleOn(ctx);
  for (const c of await loaded(tx, ctx, [args.id])) {
    if (!applies(c)) continue;
    await tx.mutate.conversation.update({ id: c.id, threadControl, threadControlAt: args.now });
  }
}

export const conversationMutators = {
  resolve: defineMutator(ResolveArgs, async ({ tx, args, ctx }) => {
    await transition(tx, ctx, 'resolve', args, () => ({
      state: 'resolved',
      snoozedUntil: null,
      resolvedAt: args.now,
      resolvedBy: ctx?.userID ?? null,
      // Resolving answers the customer's wait: the lighthouse goes off.
      awaitingReply: false,
      awaitingSince: null,
    }));
  }),

  snooze: defineMutator(SnoozeArgs, async ({ tx, args, ctx }) => {
    if (args.until !== null && args.until <= args.now)
      throw mutationError('invalid', 'Snooze until a time in the future.');
    await transition(tx, ctx, 'snooze', args, () => ({ state: 'pending', snoozedUntil: args.until }));
  }),

  reopen: defineMutator(ReopenArgs, async ({ tx, args, ctx }) => {
    await transition(tx, ctx, 'reopen', args, () => ({ state: 'open', snoozedUntil: null }));
  }),

  // Optimistic only: the server (server/thread-control/) asks Meta through the outbox and, if Meta
  // refuses, puts the previous owner back with an event saying why.
  takeOver: defineMutator(ThreadControlArgs, async ({ tx, args, ctx }) => {
    await passThreadControl(tx, ctx, args, canTakeOver, 'team');
  }),

  handBack: defineMutator(ThreadControlArgs, async ({ tx, args, ctx }) => {
    await passThreadControl(tx, ctx, args, canHandBack, 'idle');
  }),

  // The browser only checks what it can know: moving the thread, the customer's identities and the
  // counters is the server's (server/merge/merge-conversations.ts); the result arrives by sync.
  merge: defineMutator(MergeArgs, async ({ tx, args, ctx }) => {
    assertCanWrite(ctx);
    assertModuleOn(ctx);
    const [target, source] = [
      (await loaded(tx, ctx, [args.targetId]))[0],
      (await loaded(tx, ctx, [args.sourceId]))[0],
    ];
    if (!target || !source) {
      if (tx.location === 'server') throw mutationError('not_found', 'No such conversation.');
      return;
    }
    const refusal = mergeRefusal(target, source);
    if (refusal) throw mutationError('invalid', refusal);
  }),

  assign: defineMutator(AssignArgs, async ({ tx, args, ctx }) => {
    assertCanWrite(ctx);
    assertModuleOn(ctx);
    const target = args.operatorId ? await tx.run(zql.operator.where('id', args.operatorId).one()) : null;
    if (args.operatorId && target === undefined && tx.location === 'server')
      throw mutationError('not_found', 'No such operator.');
    for (const c of await loaded(tx, ctx, args.ids)) {
      if (target && !canOwn(target, c.channelId))
        throw mutationError('invalid', `${target.name} cannot take conversations of that business number.`);
      if ((c.assigneeId ?? null) === args.operatorId) continue;
      await tx.mutate.conversation.update({
        id: c.id,
        assigneeId: args.operatorId,
        assigneeName: target?.name ?? null,
        assignedAt: args.operatorId ? args.now : null,
        updatedAt: args.now,
      });
    }
  }),
};
