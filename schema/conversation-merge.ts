import { participantLabel } from './contact-label.ts';
import type { ConversationState } from './schema.ts';

// Merging two conversations of one person (issue 15.1): the one place that decides which pairs may be
// merged and what state the kept conversation ends in. The merge dialog (which candidates it offers),
// the shared mutator (the browser's check) and the server's SQL (server/merge/) all ask here.

type Mergeable = { id: string; channelId: string };

/**
 * Why `source` cannot be merged into `target`, or null when it can. A conversation belongs to one
 * business number (the customer wrote to it, replies leave from it): two numbers cannot share a thread.
 */
export function mergeRefusal(target: Mergeable, source: Mergeable): string | null {
  if (target.id === source.id) return 'A conversation cannot be merged into itself.';
  if (target.channelId !== source.channelId)
    return 'Only conversations with the same business number can be merged.';
  return null;
}

/** Most active first: the kept conversation takes the more active state of the two. */
const ACTIVITY: readonly ConversationState[] = ['open', 'pending', 'resolved', 'closed'];

/**
 * The state of the kept conversation: the more active of the two (a customer waiting in the merged one
 * must not disappear into a resolved one). Returns which side's state (and its snooze or resolution)
 * the kept conversation takes.
 */
export function mergedStateFrom(target: ConversationState, source: ConversationState): 'target' | 'source' {
  return ACTIVITY.indexOf(source) < ACTIVITY.indexOf(target) ? 'source' : 'target';
}

/** A conversation's customer as the merge dialog and the thread's "merged" event name them. */
export function conversationLabel(c: {
  number: number;
  participantName: string;
  participantPhone: string;
}): string {
  const who = participantLabel(c);
  return who ? `#${c.number} ${who}` : `#${c.number}`;
}
