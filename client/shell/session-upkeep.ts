import type { Session } from '../auth/use-session.ts';
import { useSessionWatch } from '../auth/use-session-watch.ts';
import { usePermissionRefresh } from '../settings/use-permission-refresh.ts';
import { usePresenceReporting } from '../settings/use-presence-reporting.ts';

/**
 * What a signed-in page keeps doing in the background and never paints: presence and its heartbeat, a
 * reload when an admin changes this operator's permissions, a check that the session still exists while
 * the sync connection is down. A component of its own so that its code loads beside the first paint,
 * not before it (the Chats route's initial JavaScript has a budget: README).
 */
export function SessionUpkeep({ session }: { session: Session }) {
  usePresenceReporting();
  usePermissionRefresh(session);
  useSessionWatch();
  return null;
}
