import { defineMutator } from '@rocicorp/zero';
import type pg from 'pg';
import { mutationError } from '../../schema/mutators/mutation-error.ts';
import { SettingsUpdateArgs, settingsMutators } from '../../schema/mutators/settings.ts';
import { zql } from '../../schema/schema.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { AppDeps } from '../http/app-context.ts';

/**
 * Server overrides for `settings.*`: the licence decides whether the Chats module may be switched on
 * at all, and every change is audited in the same transaction.
 */
export function settingsServerMutators(deps: AppDeps) {
  return {
    update: defineMutator(SettingsUpdateArgs, async ({ tx, args, ctx }) => {
      if (args.chatsEnabled === true && !deps.env.LICENSE_CHATS) {
        throw mutationError('forbidden', 'Your licence does not include the Chats module.');
      }
      const before = await tx.run(zql.settings.where('id', 'global').one());
      await settingsMutators.update.fn({ tx, args, ctx });
      if (tx.location !== 'server' || !before) return;
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (args.chatsEnabled !== undefined && args.chatsEnabled !== before.chatsEnabled) {
        changes.chatsEnabled = { from: before.chatsEnabled, to: args.chatsEnabled };
      }
      if (args.handledDailyGoal !== undefined && args.handledDailyGoal !== before.handledDailyGoal) {
        changes.handledDailyGoal = { from: before.handledDailyGoal, to: args.handledDailyGoal };
      }
      for (const key of ['autoAssign', 'autoAssignCap'] as const) {
        if (args[key] !== undefined && args[key] !== before[key]) {
          changes[key] = { from: before[key], to: args[key] };
        }
      }
      if (Object.keys(changes).length === 0) return;
      await recordAudit(tx.dbTransaction.wrappedTransaction as pg.ClientBase, {
        actorId: ctx.userID,
        action: changes.chatsEnabled ? 'settings.chats_module' : 'settings.update',
        target: 'settings:global',
        details: changes,
      });
    }),
  };
}
