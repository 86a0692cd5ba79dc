import { useCallback, useEffect, useState } from 'react';
import { ROLES } from '../../schema/roles.ts';
import { z } from '../../schema/zod.ts';
import { OUTBOX_DATABASE } from '../conversation/offline-outbox.ts';
import { forgetSession, rememberedSession, rememberSession } from '../conversation/offline-session.ts';

const SessionResponse = z.object({
  operator: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    canSendTemplates: z.boolean(),
    channelScope: z.nullable(z.array(z.string())),
  }),
  zero: z.object({ url: z.nullable(z.string()), port: z.number() }),
  licence: z.object({ chats: z.boolean() }),
  timeZone: z.string(),
});
export type Session = z.infer<typeof SessionResponse>;

// Loaded only when the session has ended: deleting this browser's data is not on the first paint's path.
// A failed load (a broken deploy) leaves the data for the next start-up to delete.
const localData = () => import('./clear-local-data.ts').catch(() => null);

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; session: Session }
  | { status: 'error'; message: string };

/** The last confirmed session remembered in this browser, if it still parses. */
function remembered(): Session | null {
  const parsed = SessionResponse.safeParse(rememberedSession());
  return parsed.success ? parsed.data : null;
}

/**
 * The signed-in operator, from the HttpOnly cookie via /api/auth/session.
 *
 * A returning operator's page opens at once with the last session this browser confirmed (their workspace is
 * in its local store, and the offline start already opens with it): the app and Zero start without waiting
 * for that round trip, which on a reload is the first thing the page would otherwise wait for. The server's
 * answer follows: the same session changes nothing, another one replaces it, and a 401 forgets it and
 * reloads into the signed-out start, which deletes the local data before anything opens it again. The sync
 * connection and every API call check the cookie themselves meanwhile.
 */
export function useSession() {
  const [state, setState] = useState<SessionState>(() => {
    const session = remembered();
    return session ? { status: 'signed-in', session } : { status: 'loading' };
  });
  const refresh = useCallback(async () => {
    try {
      const res = await fetch('/api/auth/session', { credentials: 'same-origin' });
      if (res.status === 401) {
        // This page may be showing the remembered session, with Zero's store open: start again signed out.
        if (rememberedSession() !== null) return restartSignedOut();
        // Nothing of the workspace stays in a signed-out browser. After a sign-out here the queued replies
        // go too (the operator was warned); when the session ended elsewhere (revoked, expired) they are
        // kept for the operator to send after signing in again.
        const local = await localData();
        await local?.clearLocalData({ keep: local.signedOutHere() ? [] : [OUTBOX_DATABASE] });
        return setState({ status: 'signed-out' });
      }
      if (!res.ok) {
        const message = `Server answered ${res.status}`;
        return setState((prev) => (prev.status === 'signed-in' ? prev : { status: 'error', message }));
      }
      const json: unknown = await res.json();
      const session = SessionResponse.parse(json);
      rememberSession(json);
      // The same session as the one the page opened with: the same object, so nothing renders again.
      setState((prev) =>
        prev.status === 'signed-in' && JSON.stringify(prev.session) === JSON.stringify(session)
          ? prev
          : { status: 'signed-in', session },
      );
    } catch (err) {
      // No network: open with the last confirmed session (reading from the local store, replies queued).
      const session = remembered();
      setState((prev) =>
        prev.status === 'signed-in'
          ? prev
          : session
            ? { status: 'signed-in', session }
            : { status: 'error', message: (err as Error).message },
      );
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { state, refresh };
}

/**
 * The session has ended while a page may be open with it: forget it, so that the next start is the
 * signed-out one (which deletes this browser's copy of the workspace before anything opens it), and reload.
 */
export function restartSignedOut(): void {
  forgetSession();
  location.reload();
}

/**
 * Ends the session (`everywhere`: every session of this operator) and reloads: the signed-out start
 * deletes what this browser holds of the workspace, queued replies included (the caller warns first),
 * before anything opens it again.
 */
export async function logout(options: { everywhere?: boolean } = {}) {
  forgetSession();
  const local = await localData();
  local?.markSignedOutHere();
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
    void local?.clearLocalData();
  });
  location.assign('/');
}
