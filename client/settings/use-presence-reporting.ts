import { useZero } from '@rocicorp/zero/react';
import { useEffect } from 'react';
import { mutators } from '../../schema/mutators.ts';

/** Well under the server's two-minute sweep and the Operators tab's staleness threshold. */
export const HEARTBEAT_MS = 45_000;

/**
 * Reports this operator's presence: online while the tab is visible and focused, away when hidden or
 * blurred, refreshed by a heartbeat. Closing the tab or losing the network cannot be reported; the
 * server's sweeper turns a silent operator offline.
 */
export function usePresenceReporting() {
  const z = useZero();
  useEffect(() => {
    let last: 'online' | 'away' | null = null;
    const current = (): 'online' | 'away' =>
      document.visibilityState === 'visible' && document.hasFocus() ? 'online' : 'away';
    const report = (force = false) => {
      const presence = current();
      if (!force && presence === last) return;
      last = presence;
      // Presence is best-effort: a failure (offline) is retried by the next heartbeat.
      void z.mutate(mutators.presence.report({ presence, now: Date.now() })).server.catch(() => {});
    };
    const onChange = () => report();
    report(true);
    const timer = window.setInterval(() => report(true), HEARTBEAT_MS);
    document.addEventListener('visibilitychange', onChange);
    window.addEventListener('focus', onChange);
    window.addEventListener('blur', onChange);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onChange);
      window.removeEventListener('focus', onChange);
      window.removeEventListener('blur', onChange);
    };
  }, [z]);
}
