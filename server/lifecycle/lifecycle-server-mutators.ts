import { defineMutator, type Transaction } from '@rocicorp/zero';
import type pg from 'pg';
import { AssignArgs, ReopenArgs, ResolveArgs, SnoozeArgs } from '../../schema/mutators/conversations.ts';
import type { Schema } from '../../schema/schema.ts';
import { assignConversations } from '../assignment/assign-conversations.ts';
import type { AppDeps } from '../http/app-context.ts';
import { reopenConversations } from './reopen-conversations.ts';
import { resolveConversations } from './resolve-conversations.ts';
import { snoozeConversations } from './snooze-conversations.ts';

function pgOf(tx: Transaction<Schema>): pg.ClientBase {
  if (tx.location !== 'server') throw new Error('Lifecycle server mutators run on the server only');
  return tx.dbTransaction.wrappedTransaction as pg.ClientBase;
}

/**
 * Server overrides of `conversations.*` (same names and arguments as the shared ones): permissions,
 * set-based SQL, thread events, audit and counters in the mutation's transaction, on the server clock.
 */
export function lifecycleServerMutators(deps: Pick<AppDeps, 'env'>, now: () => number = Date.now) {
  const options = () => ({ timeZone: deps.env.TIME_ZONE, nowMs: now() });
  return {
    conversations: {
      resolve: defineMutator(ResolveArgs, async ({ tx, args, ctx }) => {
        await resolveConversations(pgOf(tx), ctx, args.ids, options());
      }),
      snooze: defineMutator(SnoozeArgs, async ({ tx, args, ctx }) => {
        await snoozeConversations(pgOf(tx), ctx, args.ids, args.until, options());
      }),
      reopen: defineMutator(ReopenArgs, async ({ tx, args, ctx }) => {
        await reopenConversations(pgOf(tx), ctx, args.ids, options());
      }),
      assign: defineMutator(AssignArgs, async ({ tx, args, ctx }) => {
        await assignConversations(pgOf(tx), ctx, args.ids, args.operatorId, now());
      }),
    },
  };
}
