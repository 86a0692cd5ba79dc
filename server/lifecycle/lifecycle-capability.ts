import type { Capability } from '../capability.ts';
import type { AppDeps } from '../http/app-context.ts';
import { startSnoozeSweeper } from './reopen-snoozed.ts';

/** Conversation lifecycle: the sweep that reopens conversations whose snooze has ended. */
export function lifecycleCapability(deps: AppDeps): Capability {
  return { start: async () => startSnoozeSweeper(deps.pool, deps.log) };
}
