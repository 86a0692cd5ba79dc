import type { ConversationState } from './schema.ts';

// The lifecycle of a conversation, the one place its transitions are decided (the shared mutators, the
// server's SQL and the UI's enabled buttons all ask here):
//   open ──snooze──► pending (until a time, or until the customer writes) ──► open
//   open/pending ──resolve──► resolved ──(the customer writes, or an operator reopens)──► open
// 'closed' is a state of earlier releases' rows only: nothing leads to or out of it.

/** States an operator still works on (the default inbox). */
export const ACTIVE_STATES = ['open', 'pending'] as const satisfies readonly ConversationState[];
/** The states a filter can ask for. */
export const LIFECYCLE_STATES = [
  'open',
  'pending',
  'resolved',
] as const satisfies readonly ConversationState[];
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

export type LifecycleAction = 'resolve' | 'snooze' | 'reopen';

/** Whether `action` applies to a conversation in `state` (otherwise it is skipped, not an error). */
export function canApply(action: LifecycleAction, state: ConversationState): boolean {
  switch (action) {
    case 'resolve':
    case 'snooze':
      return state === 'open' || state === 'pending';
    case 'reopen':
      return state === 'pending' || state === 'resolved';
  }
}

export type StatusShown = 'open' | 'snoozed' | 'resolved';

/**
 * What the Conversation Status column and the thread header show. A snooze whose time has passed reads
 * as open at once, before the server's sweep (server/lifecycle/reopen-snoozed.ts) writes it.
 */
export function statusShown(
  c: { state: ConversationState; snoozedUntil?: number | null },
  now: number,
): StatusShown {
  if (c.state === 'resolved' || c.state === 'closed') return 'resolved';
  if (c.state === 'pending' && (c.snoozedUntil == null || c.snoozedUntil > now)) return 'snoozed';
  return 'open';
}
