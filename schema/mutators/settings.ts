import { defineMutator } from '@rocicorp/zero';
import { zql } from '../schema.ts';
import { z } from '../zod.ts';
import { assertAdmin } from './mutation-error.ts';

export const SettingsUpdateArgs = z.object({
  /** Global Settings > Omnichannel > Chats: the module switch. */
  chatsEnabled: z.optional(z.boolean()),
  handledDailyGoal: z.optional(z.number().check(z.int(), z.gte(1), z.lte(1000))),
  /** Round-robin of customers' new messages among online operators (server/assignment/). */
  autoAssign: z.optional(z.boolean()),
  /** Round-robin gives nobody more open conversations than this. */
  autoAssignCap: z.optional(z.number().check(z.int(), z.gte(1), z.lte(1000))),
  now: z.number(),
});
export type SettingsUpdateArgs = z.infer<typeof SettingsUpdateArgs>;

export const settingsMutators = {
  /** Admins only. The server override (server/settings/settings-mutators.ts) adds the licence check and the audit entry. */
  update: defineMutator(SettingsUpdateArgs, async ({ tx, args, ctx }) => {
    assertAdmin(ctx);
    const { now, ...changes } = args;
    const current = await tx.run(zql.settings.where('id', 'global').one());
    if (!current) return;
    await tx.mutate.settings.update({
      id: 'global',
      ...changes,
      updatedAt: tx.location === 'server' ? Date.now() : now,
    });
  }),
};
