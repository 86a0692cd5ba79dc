import { defineMutator } from '@rocicorp/zero';
import { MergeArgs } from '../../schema/mutators/conversations.ts';
import { pgClientOf } from '../db/pg-client-of.ts';
import { mergeConversations } from './merge-conversations.ts';

/** Server override of `conversations.merge`: the whole merge in the mutation's transaction, on the server clock. */
export function mergeServerMutator(now: () => number = Date.now) {
  return defineMutator(MergeArgs, async ({ tx, args, ctx }) => {
    await mergeConversations(pgClientOf(tx), ctx, args.targetId, args.sourceId, now());
  });
}
