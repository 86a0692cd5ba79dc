import { useConnectionState } from '@rocicorp/zero/react';
import { useMemo } from 'react';
import type { OutboxEntry } from './offline-outbox.ts';
import { SEND_TEXT, useOutboxEntries } from './outbox-provider.tsx';
import type { ThreadMessageRow } from './types.ts';

export type PendingReplies = {
  /** Replies in the outbox that Zero does not hold (yet, or any more after a reload), oldest first. */
  ghosts: readonly ThreadMessageRow[];
  /** Replies Zero holds that are still waiting in the outbox while offline: flagged "queued". */
  queuedIds: ReadonlySet<string>;
};

const NONE: ReadonlySet<string> = new Set();

/** How a reply still in the outbox is drawn until Zero's own copy of it is in the thread. */
export function ghostRow(entry: OutboxEntry, operatorId: string): ThreadMessageRow {
  return {
    id: entry.id,
    conversationId: entry.conversationId,
    wamid: null,
    direction: 'out',
    type: 'text',
    body: entry.preview.body,
    payload: null,
    attachmentId: null,
    replyToWamid: null,
    replyToMessageId: entry.preview.replyToMessageId,
    origin: null,
    editedAt: null,
    deletedAt: null,
    pricingCategory: null,
    pricingType: null,
    billable: null,
    forwarded: false,
    frequentlyForwarded: false,
    status: 'pending',
    sentAt: null,
    deliveredAt: null,
    readAt: null,
    failedAt: null,
    errorCode: null,
    errorTitle: null,
    errorDetail: null,
    operatorId,
    templateName: null,
    templateLanguage: null,
    templateParams: null,
    createdAt: entry.createdAt,
    receivedAt: entry.createdAt,
    arrival: null,
    reactions: [],
  };
}

/** The outbox entries of one conversation split against the messages Zero holds for it. */
export function pendingReplies(
  entries: readonly OutboxEntry[],
  conversationId: string,
  known: ReadonlySet<string>,
  offline: boolean,
  operatorId: string,
): { ghosts: ThreadMessageRow[]; queuedIds: string[] } {
  const ghosts: ThreadMessageRow[] = [];
  const queuedIds: string[] = [];
  for (const e of entries) {
    if (e.conversationId !== conversationId || e.mutator !== SEND_TEXT) continue;
    if (!known.has(e.id)) ghosts.push(ghostRow(e, operatorId));
    else if (offline) queuedIds.push(e.id);
  }
  return { ghosts, queuedIds };
}

/**
 * The operator's replies to this conversation that are still in the offline outbox. Subscribed here, in
 * the thread, rather than in the conversation view: Enter lists the reply in the outbox, and only the
 * thread (which draws its bubble) renders again in that frame, not the view with its panes and queries.
 */
export function usePendingReplies(
  conversationId: string,
  messages: readonly ThreadMessageRow[],
  operatorId: string,
): PendingReplies & { offline: boolean } {
  const { entries } = useOutboxEntries();
  const offline = useConnectionState().name !== 'connected';
  const known = useMemo(() => new Set(messages.map((m) => m.id)), [messages]);
  const { ghosts, queuedIds } = useMemo(
    () => pendingReplies(entries, conversationId, known, offline, operatorId),
    [entries, conversationId, known, offline, operatorId],
  );
  // The same set while its members are: the memoised bubbles then skip rendering when a reply is queued.
  const queuedKey = queuedIds.join(' ');
  const queued = useMemo(() => (queuedKey ? new Set(queuedKey.split(' ')) : NONE), [queuedKey]);
  return { ghosts, queuedIds: queued, offline };
}
