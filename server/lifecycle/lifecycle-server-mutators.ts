import { defineMutator } from '@rocicorp/zero';
import { AssignArgs, ReopenArgs, ResolveArgs, SnoozeArgs } from '../../schema/mutators/conversations.ts';
import { assignConversations } from '../assignment/assign-conversations.ts';
import { pgClientOf } from '../db/pg-client-of.ts';
import type { AppDeps } from '../http/app-context.ts';
import { mergeServerMutator } from '../merge/merge-server-mutator.ts';
import { threadControlServerMutators } from '../thread-control/thread-control-server-mutators.ts';
import { changeLifecycle } from './change-lifecycle.ts';
import { reopenChange } from './reopen-conversations.ts';
import { resolveChange } from './resolve-conversations.ts';
import { snoozeChange } from './snooze-conversations.ts';

/**
 * Server overrides of `conversations.*` (same names and arguments as the shared ones): permissions,
 * set-based SQL, thread events, audit and counters in the mutation's transaction, on the server clock.
 */
export function lifecycleServerMutators(deps: Pick<AppDeps, 'env'>, now: () => number = Date.now) {
  const options = () => ({ timeZone: deps.env.TIME_ZONE, nowMs: now() });
  return {
    conversations: {
      resolve: defineMutator(ResolveArgs, async ({ tx, args, ctx }) => {
        await changeLifecycle(pgClientOf(tx), ctx, args.ids, options(), resolveChange);
      }),
      snooze: defineMutator(SnoozeArgs, async ({ tx, args, ctx }) => {
        const at = options();
        await changeLifecycle(pgClientOf(tx), ctx, args.ids, at, snoozeChange(args.until, at.nowMs));
      }),
      reopen: defineMutator(ReopenArgs, async ({ tx, args, ctx }) => {
        await changeLifecycle(pgClientOf(tx), ctx, args.ids, options(), reopenChange);
      }),
      assign: defineMutator(AssignArgs, async ({ tx, args, ctx }) => {
        await assignConversations(pgClientOf(tx), ctx, args.ids, args.operatorId, now());
      }),
      merge: mergeServerMutator(now),
      ...threadControlServerMutators(now),
    },
  };
}
