import { useZero } from '@rocicorp/zero/react';
import { useEffect } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { PRESENCE_HEARTBEAT_MS } from '../../schema/operator-presence.ts';
import { postHeartbeat } from '../operators/post-heartbeat.ts';

type Presence = 'online' | 'away';

/**
 * Reports this operator's presence: online while the tab is visible and focused, away when hidden or
 * blurred, refreshed by a heartbeat. A change goes through Zero (presence.report, which colleagues'
 * screens show); the heartbeat is a plain request that touches no synced row, unless the server says the
 * row no longer agrees (the sweep took the operator offline), when the presence is reported again.
 * Closing the tab or losing the network cannot be reported; the server's sweep turns silence offline.
 *
 * Leaving the page (a reload, a link, closing the tab) reports nothing: 'pagehide' comes before the
 * 'hidden' visibility change, and reporting 'away' there delayed every reload by a local write the next
 * page overrides with 'online' at once (both carried to every colleague's screen).
 */
export function usePresenceReporting() {
  const z = useZero();
  useEffect(() => {
    let last: Presence | null = null;
    let leaving = false;
    const current = (): Presence =>
      document.visibilityState === 'visible' && document.hasFocus() ? 'online' : 'away';
    const send = (presence: Presence) => {
      last = presence;
      // Presence is best-effort: a failure (offline) is retried by the next heartbeat.
      void z.mutate(mutators.presence.report({ presence, now: Date.now() })).server.catch(() => {});
    };
    const onChange = () => {
      if (leaving) return;
      const presence = current();
      if (presence !== last) send(presence);
    };
    /** `unsure`: also report when the beat did not get through (on opening, when the row may say offline). */
    const beat = async (unsure: boolean) => {
      if (leaving) return;
      const presence = current();
      if (presence !== last) return send(presence);
      const answer = await postHeartbeat({ presence });
      if (leaving || presence !== last) return;
      if (answer ? answer.presence === false : unsure) send(presence);
    };
    const onLeave = () => {
      leaving = true;
    };
    // Back from the back/forward cache: the page lives again.
    const onShow = (e: PageTransitionEvent) => {
      if (!e.persisted) return;
      leaving = false;
      void beat(true);
    };
    last = current();
    void beat(true);
    const timer = window.setInterval(() => void beat(false), PRESENCE_HEARTBEAT_MS);
    document.addEventListener('visibilitychange', onChange);
    window.addEventListener('focus', onChange);
    window.addEventListener('blur', onChange);
    window.addEventListener('pagehide', onLeave);
    window.addEventListener('pageshow', onShow);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onChange);
      window.removeEventListener('focus', onChange);
      window.removeEventListener('blur', onChange);
      window.removeEventListener('pagehide', onLeave);
      window.removeEventListener('pageshow', onShow);
    };
  }, [z]);
}
