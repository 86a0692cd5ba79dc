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

/** The signed-in operator, from the HttpOnly cookie via /api/auth/session. */
export function useSession() {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const refresh = useCallback(async () => {
    try {
      const res = await fetch('/api/auth/session', { credentials: 'same-origin' });
      if (res.status === 401) {
        // Nothing of the workspace stays in a signed-out browser. After a sign-out here the queued replies
        // go too (the operator was warned); when the session ended elsewhere (revoked, expired) they are
        // kept for the operator to send after signing in again.
        forgetSession();
        const local = await localData();
        await local?.clearLocalData({ keep: local.signedOutHere() ? [] : [OUTBOX_DATABASE] });
        return setState({ status: 'signed-out' });
      }
      if (!res.ok) return setState({ status: 'error', message: `Server answered ${res.status}` });
      const json: unknown = await res.json();
      setState({ status: 'signed-in', session: SessionResponse.parse(json) });
      rememberSession(json);
    } catch (err) {
      // No network: open with the last confirmed session (reading from the local store, replies queued).
      const offline = SessionResponse.safeParse(rememberedSession());
      if (offline.success) return setState({ status: 'signed-in', session: offline.data });
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
