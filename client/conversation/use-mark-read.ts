import { useZero } from '@rocicorp/zero/react';
import { useEffect } from 'react';
import { mutators } from '../../schema/mutators.ts';

/**
 * Opening a conversation clears its unread count and sends WhatsApp's read receipt (the outbound
 * capability's `messages.markRead`). It runs again while the conversation stays open and visible and
 * new customer messages arrive; read-only accounts never mark anything read (the mutator ignores them).
 */
export function useMarkRead(conversationId: string, unreadCount: number | undefined, canWrite: boolean) {
  const z = useZero();
  useEffect(() => {
    if (!canWrite || !unreadCount) return;
    const mark = () => {
      if (document.visibilityState === 'visible') z.mutate(mutators.messages.markRead({ conversationId }));
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [conversationId, unreadCount, canWrite, z]);
}
