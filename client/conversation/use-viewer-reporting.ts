import { useZero } from '@rocicorp/zero/react';
import { useCallback, useEffect, useRef } from 'react';
import { TYPING_REPORT_MS, VIEWER_HEARTBEAT_MS } from '../../schema/conversation-viewers.ts';
import { mutators } from '../../schema/mutators.ts';
import { postHeartbeat } from '../operators/post-heartbeat.ts';

/**
 * Tells colleagues this conversation is on my screen (on opening, then a heartbeat while the page is
 * visible, which changes no synced row; "left" on closing) and that I am typing (at most every few
 * seconds). Who is here is shown by ColleaguesHere, which alone renders again when that changes.
 *
 * `known`: the conversation's row is in this browser's store. Zero runs a mutator in the browser first, and
 * one that fails there (here: "No such conversation", in a browser that opened the conversation by its
 * address before syncing it) never reaches the server; the colleagues would have waited for the next
 * heartbeat, 30 s, to see this operator.
 */
export function useViewerReporting(conversationId: string, known: boolean) {
  const z = useZero();

  useEffect(() => {
    if (!known) return;
    const here = () => {
      if (document.visibilityState === 'visible')
        z.mutate(mutators.viewers.here({ conversationId, now: Date.now() }));
    };
    // Still here: a plain request that changes no synced row; if the row is gone (swept while the tab
    // slept), say it again through Zero.
    const beat = async () => {
      if (document.visibilityState !== 'visible') return;
      const answer = await postHeartbeat({ viewing: conversationId });
      if (answer?.viewing === false) here();
    };
    // Closing the tab: the socket may still carry this out; if not, the row goes stale and is swept.
    const leave = () => z.mutate(mutators.viewers.left({ conversationId, now: Date.now() }));
    here();
    const heartbeat = setInterval(() => void beat(), VIEWER_HEARTBEAT_MS);
    const onVisibility = () => void beat();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', leave);
    return () => {
      clearInterval(heartbeat);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [conversationId, z, known]);

  const lastTypingReport = useRef(0);
  const reportTyping = useCallback(() => {
    const t = Date.now();
    if (t - lastTypingReport.current < TYPING_REPORT_MS) return;
    lastTypingReport.current = t;
    z.mutate(mutators.viewers.here({ conversationId, now: t, typing: true }));
  }, [conversationId, z]);
  const stopTyping = useCallback(() => {
    if (lastTypingReport.current === 0) return;
    lastTypingReport.current = 0;
    z.mutate(mutators.viewers.here({ conversationId, now: Date.now(), typing: false }));
  }, [conversationId, z]);

  return { reportTyping, stopTyping };
}
