import { mutationError } from '../../schema/mutators/mutation-error.ts';
import type { LifecycleChange } from './change-lifecycle.ts';

/**
 * Sets open or pending conversations aside until `until` (the sweep in reopen-snoozed.ts reopens
 * them) or, with null, until the customer writes (the inbound path reopens them).
 */
export function snoozeChange(until: number | null, nowMs: number): LifecycleChange {
  if (until !== null && until <= nowMs) throw mutationError('invalid', 'Snooze until a time in the future.');
  return {
    action: 'snooze',
    event: { kind: 'snoozed', until },
    auditDetails: { until: until === null ? 'customer_reply' : new Date(until).toISOString() },
    write: async (db, targets, _actorId, options) => {
      await db.query(
        `UPDATE conversation SET state = 'pending', snoozed_until = $2, updated_at = $3 WHERE id = ANY($1::text[])`,
        [targets.map((t) => t.id), until === null ? null : new Date(until), new Date(options.nowMs)],
      );
    },
  };
}
