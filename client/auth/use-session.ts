import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import { ROLES } from '../../schema/roles.ts';
import { OUTBOX_DATABASE } from '../conversation/offline-outbox.ts';
import { forgetSession, rememberedSession, rememberSession } from '../conversation/offline-session.ts';
import { clearLocalData, markSignedOutHere, signedOutHere } from './clear-local-data.ts';

const SessionResponse = z.object({
  operator: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    canSendTemplates: z.boolean(),
    channelScope: z.array(z.string()).nullable(),
  }),
  zero: z.object({ url: z.string().nullable(), port: z.number() }),
  licence: z.object({ chats: z.boolean() }),
  timeZone: z.string(),
});
export type Session = z.infer<typeof SessionResponse>;

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; session: Session }
  | { status: 'error'; message: string };

/** The last confirmed session, if this browser holds one that still parses. */
function remembered(): Session | null {
  const parsed = SessionResponse.safeParse(rememberedSession());
  return parsed.success ? parsed.data : null;
}

/**
 * The signed-in operator, from the HttpOnly cookie via /api/auth/session. A browser that holds a confirmed
 * session opens with it at once (the Chats table paints from the local replica without waiting for the
 * round trip, issue 12.1) and the server's answer follows: a changed session replaces it, and a refused one
 * (signed out elsewhere, revoked, expired) reloads into the signed-out start, which deletes the local data.
 */
export function useSession() {
  const [state, setState] = useState<SessionState>(() => {
    const session = remembered();
    return session ? { status: 'signed-in', session } : { status: 'loading' };
  });
  const refresh = useCallback(async () => {
    const shown = remembered();
    try {
      const res = await fetch('/api/auth/session', { credentials: 'same-origin' });
      if (res.status === 401) {
        forgetSession();
        // The workspace is open on the remembered session (its Zero store in use): start again signed out.
        if (shown) return location.reload();
        // Nothing of the workspace stays in a signed-out browser. After a sign-out here the queued replies
        // go too (the operator was warned); when the session ended elsewhere (revoked, expired) they are
        // kept for the operator to send after signing in again.
        await clearLocalData({ keep: signedOutHere() ? [] : [OUTBOX_DATABASE] });
        return setState({ status: 'signed-out' });
      }
      if (!res.ok) {
        if (shown) return; // keep working from the local store; the server's checks still apply to writes
        return setState({ status: 'error', message: `Server answered ${res.status}` });
      }
      const json: unknown = await res.json();
      const session = SessionResponse.parse(json);
      rememberSession(json);
      // Same session as the one shown: keep the state object, so nothing re-renders or reconnects.
      if (shown && JSON.stringify(shown) === JSON.stringify(session)) return;
      setState({ status: 'signed-in', session });
    } catch (err) {
      // No network: open with the last confirmed session (reading from the local store, replies queued).
      if (shown) return setState({ status: 'signed-in', session: shown });
      setState({ status: 'error', message: (err as Error).message });
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { state, refresh };
}

/**
 * Ends the session (`everywhere`: every session of this operator) and reloads: the signed-out start
 * deletes what this browser holds of the workspace, queued replies included (the caller warns first),
 * before anything opens it again.
 */
export async function logout(options: { everywhere?: boolean } = {}) {
  forgetSession();
  markSignedOutHere();
  await fetch('/api/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    signal: AbortSignal.timeout(10_000),
    ...(options.everywhere
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ everywhere: true }) }
      : {}),
  }).catch(() => {
    // No network: the data goes all the same (below, and at start-up); the session ends when it
    // expires or is revoked.
    void clearLocalData();
  });
  location.assign('/');
}
