import { defineMutator } from '@rocicorp/zero';
import { z } from 'zod';
import { zql } from '../schema.ts';
import { assertSignedIn } from './mutation-error.ts';

const columnList = z.array(z.string().max(40)).max(30);

export const preferencesMutators = {
  update: defineMutator(
    z.object({
      chatsColumns: columnList.optional(),
      operatorsColumns: columnList.optional(),
      summaryOpen: z.boolean().optional(),
      openTabs: z.array(z.string().max(64)).max(20).optional(),
      now: z.number(),
    }),
    async ({ tx, args, ctx }) => {
      assertSignedIn(ctx);
      const { now, ...changes } = args;
      const existing = await tx.run(zql.operatorPreference.where('operatorId', ctx.userID).one());
      if (existing) {
        await tx.mutate.operatorPreference.update({ operatorId: ctx.userID, ...changes, updatedAt: now });
      } else {
        await tx.mutate.operatorPreference.insert({
          operatorId: ctx.userID,
          chatsColumns: changes.chatsColumns ?? null,
          operatorsColumns: changes.operatorsColumns ?? null,
          summaryOpen: changes.summaryOpen ?? true,
          openTabs: changes.openTabs ?? [],
          updatedAt: now,
        });
      }
    },
  ),
};
