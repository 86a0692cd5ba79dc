import type { Capability } from '../capability.ts';
import type { AppDeps } from '../http/app-context.ts';
import { runEvery } from '../runtime/run-every.ts';
import { reopenSnoozed } from './reopen-snoozed.ts';

const SNOOZE_SWEEP_MS = 15_000;

/** Conversation lifecycle: the sweep that reopens conversations whose snooze has ended. */
export function lifecycleCapability(deps: AppDeps): Capability {
  return {
    start: async () =>
      runEvery(
        SNOOZE_SWEEP_MS,
        () => reopenSnoozed(deps.pool),
        (err) => deps.log('warn', 'snooze sweep failed', { error: err.message }),
      ),
  };
}
