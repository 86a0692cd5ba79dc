import type { LifecycleChange } from './change-lifecycle.ts';

/** An operator reopens pending or resolved conversations. */
export const reopenChange: LifecycleChange = {
  action: 'reopen',
  event: { kind: 'reopened', reason: 'operator' },
  write: async (db, targets, _actorId, options) => {
    await db.query(
      `UPDATE conversation SET state = 'open', snoozed_until = NULL, updated_at = $2 WHERE id = ANY($1::text[])`,
      [targets.map((t) => t.id), new Date(options.nowMs)],
    );
  },
};
