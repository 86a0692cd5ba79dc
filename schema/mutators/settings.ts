import { defineMutator } from '@rocicorp/zero';
import { z } from 'zod';
import { zql } from '../schema.ts';
import { assertAdmin } from './mutation-error.ts';

export const SettingsUpdateArgs = z.object({
  /** Global Settings > Omnichannel > Chats: the module switch. */
  chatsEnabled: z.boolean().optional(),
  handledDailyGoal: z.number().int().min(1).max(1000).optional(),
  /** Round-robin of customers' new messages among online operators (server/assignment/). */
  autoAssign: z.boolean().optional(),
  /** Round-robin gives nobody more open conversations than this. */
  autoAssignCap: z.number().int().min(1).max(1000).optional(),
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
