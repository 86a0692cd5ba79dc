import { useConnectionState } from '@rocicorp/zero/react';
import { useEffect } from 'react';
import { restartSignedOut } from './use-session.ts';

/** While the sync connection is down, how often to ask whether the session itself has ended. */
const CHECK_EVERY_MS = 5_000;

/**
 * A session ended elsewhere (an admin deactivated or revoked it, "sign out everywhere") has its sync socket
 * closed by the server at once, so no synced change can say so. While the connection is down, ask the
 * server: a 401 reloads into the signed-out start (which forgets the session and the local data); no
 * network at all is just offline, and the local store keeps serving.
 */
export function useSessionWatch() {
  const state = useConnectionState();
  // A refused socket shows as "connecting" while Zero retries: that counts as down too.
  const down = state.name !== 'connected';
  useEffect(() => {
    if (!down) return;
    let stopped = false;
    const check = async () => {
      const res = await fetch('/api/auth/session', { credentials: 'same-origin' }).catch(() => null);
      if (!stopped && res?.status === 401) restartSignedOut();
    };
    void check();
    const timer = setInterval(() => void check(), CHECK_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [down]);
}
