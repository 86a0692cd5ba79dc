// Meta's Conversation Routing on a number that runs Meta Business Agent: one responder owns each
// customer's thread at a time. The agent answers by default; this app (the team) takes the thread over
// explicitly (Meta's Thread control API, action "take", or implicitly by sending a service message) and
// hands it back with "release", after which Meta's entry-point routing picks the responder of the
// customer's next message. Sources: ../shared/docs/whatsapp-2026.md §4 and Meta's messaging_handovers
// reference (control_passed reaches the new owner, control_taken the previous one; a release sends none).

/** Who answers the customer: see migration 021. */
export type ThreadControl = 'agent' | 'team' | 'other' | 'idle';

type Controlled = { threadControl?: ThreadControl | null | undefined };

/** "Take over" applies while someone else answers (or nobody, after a hand-back). */
export function canTakeOver(c: Controlled): boolean {
  return c.threadControl === 'agent' || c.threadControl === 'other' || c.threadControl === 'idle';
}

/** "Hand back" applies while the team holds a thread that routing ever gave to someone else. */
export function canHandBack(c: Controlled): boolean {
  return c.threadControl === 'team';
}

/**
 * The owner a messaging_handovers notification leaves: control_passed is delivered to the new owner
 * (this app); control_taken to the previous one (this app), so someone else holds it now: Meta Business
 * Agent when the notification names the AI agent's role, another app otherwise.
 */
export function ownerAfterHandover(type: 'control_passed' | 'control_taken', newOwnerRole: string | null) {
  if (type === 'control_passed') return 'team' as const;
  return newOwnerRole && /ai|agent/i.test(newOwnerRole) && !/partner/i.test(newOwnerRole)
    ? ('agent' as const)
    : ('other' as const);
}
