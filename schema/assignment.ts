import type { Role } from './roles.ts';
import { canWrite } from './roles.ts';

// Who may own a conversation, and round-robin: the one module for both (the assign mutators and the
// inbound path's automatic assignment apply the same rule).

export type AssignableOperator = {
  id: string;
  role: Role;
  active: boolean;
  /** null: every channel. */
  channelScope: readonly string[] | null;
};

/** An active, writing operator who can see the conversation's channel. */
export function canOwn(op: AssignableOperator, channelId: string): boolean {
  return op.active && canWrite(op.role) && (op.channelScope === null || op.channelScope.includes(channelId));
}

export type RoundRobinCandidate = AssignableOperator & {
  /** Open or pending conversations assigned now. */
  load: number;
  /** When round-robin last gave them one (null: never). */
  lastAssignedAt: number | null;
};

/**
 * Round-robin with a cap: each conversation (in the given order) goes to the candidate who may own it
 * with the fewest conversations, then the longest since their last one, then by id; nobody goes beyond
 * `cap`. Conversations nobody can take stay unassigned. Pure and deterministic, so a batch's outcome
 * depends only on its inputs.
 */
export function pickAssignees(
  conversations: readonly { id: string; channelId: string }[],
  candidates: readonly RoundRobinCandidate[],
  cap: number,
): Map<string, string> {
  const state = candidates.map((c) => ({ ...c }));
  const result = new Map<string, string>();
  let tick = 0;
  for (const conv of conversations) {
    let best: (typeof state)[number] | undefined;
    for (const c of state) {
      if (c.load >= cap || !canOwn(c, conv.channelId)) continue;
      if (!best || before(c, best)) best = c;
    }
    if (!best) continue;
    result.set(conv.id, best.id);
    best.load++;
    // Later than anyone's real time within this batch: the next one goes to someone else first.
    best.lastAssignedAt = Number.MAX_SAFE_INTEGER - 1_000_000 + tick++;
  }
  return result;
}

function before(a: RoundRobinCandidate, b: RoundRobinCandidate): boolean {
  if (a.load !== b.load) return a.load < b.load;
  const at = a.lastAssignedAt ?? -1;
  const bt = b.lastAssignedAt ?? -1;
  if (at !== bt) return at < bt;
  return a.id < b.id;
}
