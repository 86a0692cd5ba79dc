import { useZero } from '@rocicorp/zero/react';
import { useCallback, useRef } from 'react';
import { queries } from '../../schema/queries.ts';
import { FIRST_PAGE } from './thread-first-page.ts';

/** How long zero-cache and the local store keep a preloaded thread page the operator did not open. */
const PRELOAD_TTL = '1m';

/**
 * Starts syncing a conversation's newest messages (the very query its thread opens with) before it opens.
 * An operator opens a conversation by pressing on its row (a double click is two presses 100 to 200 ms
 * apart): asked on the first press, zero-cache's answer is on its way while the browser renders the
 * conversation view, instead of being asked for after that render. One row at a time.
 */
export function usePreloadThread(): (conversationId: string) => void {
  const z = useZero();
  const current = useRef<{ id: string; cleanup: () => void } | null>(null);
  return useCallback(
    (conversationId: string) => {
      if (current.current?.id === conversationId) return;
      current.current?.cleanup();
      const { cleanup } = z.preload(queries.messages.byConversation({ conversationId, limit: FIRST_PAGE }), {
        ttl: PRELOAD_TTL,
      });
      current.current = { id: conversationId, cleanup };
    },
    [z],
  );
}
