import { defineMutator } from '@rocicorp/zero';
import { AssignArgs, ReopenArgs, ResolveArgs, SnoozeArgs } from '../../schema/mutators/conversations.ts';
import { assignConversations } from '../assignment/assign-conversations.ts';
import { pgClientOf } from '../db/pg-client-of.ts';
import type { AppDeps } from '../http/app-context.ts';
import { reopenConversations } from './reopen-conversations.ts';
import { resolveConversations } from './resolve-conversations.ts';
import { snoozeConversations } from './snooze-conversations.ts';

/**
 * Server overrides of `conversations.*` (same names and arguments as the shared ones): permissions,
 * set-based SQL, thread events, audit and counters in the mutation's transaction, on the server clock.
 */
export function lifecycleServerMutators(deps: Pick<AppDeps, 'env'>, now: () => number = Date.now) {
  const options = () => ({ timeZone: deps.env.TIME_ZONE, nowMs: now() });
  return {
    conversations: {
      resolve: defineMutator(ResolveArgs, async ({ tx, args, ctx }) => {
        await resolveConversations(pgClientOf(tx), ctx, args.ids, options());
      }),
      snooze: defineMutator(SnoozeArgs, async ({ tx, args, ctx }) => {
        await snoozeConversations(pgClientOf(tx), ctx, args.ids, args.until, options());
      }),
      reopen: defineMutator(ReopenArgs, async ({ tx, args, ctx }) => {
        await reopenConversations(pgClientOf(tx), ctx, args.ids, options());
      }),
      assign: defineMutator(AssignArgs, async ({ tx, args, ctx }) => {
        await assignConversations(pgClientOf(tx), ctx, args.ids, args.operatorId, now());
      }),
    },
  };
}
