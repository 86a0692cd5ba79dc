import { useQuery } from '@rocicorp/zero/react';
import { useCallback, useState } from 'react';
import { queries } from '../../schema/queries.ts';
import { FIRST_PAGE } from './thread-first-page.ts';
import type { ThreadMessageRow } from './types.ts';

/** Each step loads at least this many more, and doubles what is loaded (10,000 in 7 steps). */
export const PAGE = 200;
const MAX = 20_000;

export function nextLimit(limit: number): number {
  return Math.min(MAX, limit + Math.max(PAGE, limit));
}

/**
 * The newest `limit` messages of a conversation, synced live; `loadOlder` grows the window as the
 * operator scrolls up. Zero keeps the larger query incrementally, so growing it never refetches the rest.
 */
export function useConversationMessages(conversationId: string) {
  // The page belongs to one conversation: opening another starts again from the first page.
  const [page, setPage] = useState({ conversationId, limit: FIRST_PAGE });
  const limit = page.conversationId === conversationId ? page.limit : FIRST_PAGE;
  const [rows, result] = useQuery(queries.messages.byConversation({ conversationId, limit }));
  const complete = result.type === 'complete';
  // While the bigger page syncs, Zero answers from what it has: don't ask again until it is complete.
  const loadingOlder = !complete && rows.length < limit && rows.length > 0;
  const hasOlder = limit < MAX && (rows.length >= limit || loadingOlder);
  const loadOlder = useCallback(
    () =>
      setPage((p) => ({
        conversationId,
        limit: nextLimit(p.conversationId === conversationId ? p.limit : FIRST_PAGE),
      })),
    [conversationId],
  );
  return { messages: rows as readonly ThreadMessageRow[], hasOlder, loadingOlder, loadOlder, complete };
}
