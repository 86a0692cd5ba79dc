import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import { ROLES } from '../../schema/roles.ts';
import { OUTBOX_DATABASE } from '../conversation/offline-outbox.ts';
import { forgetSession, rememberedSession, rememberSession } from '../conversation/offline-session.ts';
import { clearLocalData } from './clear-local-data.ts';

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

/** The signed-in operator, from the HttpOnly cookie via /api/auth/session. */
export function useSession() {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const refresh = useCallback(async () => {
    try {
      const res = await fetch('/api/auth/session', { credentials: 'same-origin' });
      if (res.status === 401) {
        // Signed out elsewhere, revoked by an admin, expired: the workspace's data must not stay here.
        // Replies still queued are kept: the operator may sign in again and send them.
        forgetSession();
        await clearLocalData({ keep: [OUTBOX_DATABASE] });
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
 * Ends the session (`everywhere`: every session of this operator), then deletes what this browser holds
 * of the workspace and starts over at the sign-in page. Queued replies are lost: the caller warns first.
 */
export async function logout(options: { everywhere?: boolean } = {}) {
  forgetSession();
  await fetch('/api/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    ...(options.everywhere
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ everywhere: true }) }
      : {}),
  }).catch(() => {
    // No network: the local data goes all the same; the session ends when it expires or is revoked.
  });
  await clearLocalData();
  location.assign('/');
}
