import { useZero } from '@rocicorp/zero/react';
import { useEffect } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { PRESENCE_HEARTBEAT_MS } from '../../schema/operator-presence.ts';

/**
 * Reports this operator's presence: online while the tab is visible and focused, away when hidden or
 * blurred, refreshed by a heartbeat. Closing the tab or losing the network cannot be reported; the
 * server's sweeper turns a silent operator offline.
 *
 * Leaving the page (a reload, a link, closing the tab) reports nothing: 'pagehide' comes before the
 * 'hidden' visibility change, and reporting 'away' there delayed every reload by a local write the next
 * page overrides with 'online' at once (both carried to every colleague's screen).
 */
export function usePresenceReporting() {
  const z = useZero();
  useEffect(() => {
    let last: 'online' | 'away' | null = null;
    let leaving = false;
    const current = (): 'online' | 'away' =>
      document.visibilityState === 'visible' && document.hasFocus() ? 'online' : 'away';
    const report = (force = false) => {
      if (leaving) return;
      const presence = current();
      if (!force && presence === last) return;
      last = presence;
      // Presence is best-effort: a failure (offline) is retried by the next heartbeat.
      void z.mutate(mutators.presence.report({ presence, now: Date.now() })).server.catch(() => {});
    };
    const onChange = () => report();
    const onLeave = () => {
      leaving = true;
    };
    // Back from the back/forward cache: the page lives again.
    const onShow = (e: PageTransitionEvent) => {
      if (!e.persisted) return;
      leaving = false;
      report(true);
    };
    report(true);
    const timer = window.setInterval(() => report(true), PRESENCE_HEARTBEAT_MS);
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
