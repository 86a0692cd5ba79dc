import { useQuery } from '@rocicorp/zero/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { displaySafeName } from '../../schema/display-safe-text.ts';
import { LATEST_INBOUND_WINDOW, queries } from '../../schema/queries.ts';
import type { Route } from '../app/use-route.ts';
import { alertsStrings } from '../i18n/alerts-strings.ts';
import { playAlertSound } from './alert-sound.ts';
import { showDesktopNotification } from './desktop-notification.ts';
import { showFaviconCount } from './favicon-badge.ts';
import { InboundArrivals } from './inbound-arrivals.ts';

export type AlertToast = { id: string; conversationId: string; who: string; text: string };

/** At most this many toasts at once; each leaves on its own after TOAST_MS. */
const MAX_TOASTS = 3;
const TOAST_MS = 8_000;

/**
 * New customer messages reach an operator wherever they are in the app: the tab title and icon count the
 * conversations with unread messages (from the summary panel's counters, no extra query), and each new
 * message in a conversation that is not on screen plays the operator's sound, shows a toast while the page
 * is in front, and a desktop notification while it is not (if the operator switched them on). An operator's
 * own replies never alert: only conversations whose last message is the customer's are watched.
 */
export function useInboundAlerts(route: Route, openConversation: (id: string) => void) {
  const [stats] = useQuery(queries.stats.channels());
  const [prefs] = useQuery(queries.preferences.mine());
  const [latest, latestDetails] = useQuery(queries.conversations.latestInbound());
  const [toasts, setToasts] = useState<AlertToast[]>([]);
  const arrivals = useRef(new InboundArrivals<(typeof latest)[number]>(LATEST_INBOUND_WINDOW));
  // Read inside the effect below without re-running it when only these change.
  const current = useRef({ route, prefs, openConversation });
  current.current = { route, prefs, openConversation };

  const unread = stats.reduce((sum, s) => sum + s.unreadCount, 0);
  const baseTitle = useRef(document.title);
  useEffect(() => {
    document.title = unread > 0 ? alertsStrings.titleWithCount(unread, baseTitle.current) : baseTitle.current;
    showFaviconCount(unread);
  }, [unread]);
  useEffect(() => {
    const title = baseTitle.current;
    return () => {
      document.title = title;
      showFaviconCount(0);
    };
  }, []);

  const dismiss = useCallback((id: string) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);

  useEffect(() => {
    // Until the server's answer is complete, the local store may hold only part of the window: a partial
    // first snapshot would make the rest look new.
    if (latestDetails.type !== 'complete') return;
    const { route, prefs, openConversation } = current.current;
    const visible = document.visibilityState === 'visible';
    const onScreen = route.name === 'conversation' && visible ? route.id : null;
    const fresh = arrivals.current.next(latest).filter((c) => c.id !== onScreen);
    if (fresh.length === 0) return;
    if (prefs?.alertSound) playAlertSound();
    const items = fresh.map((c) => ({
      id: `${c.id}@${c.lastMessageAt}`,
      conversationId: c.id,
      who: displaySafeName(c.participantName) || c.participantPhone || alertsStrings.toastLabel,
      text: c.lastMessagePreview || alertsStrings.noText,
    }));
    if (visible) setToasts((ts) => [...items, ...ts].slice(0, MAX_TOASTS));
    if (prefs?.alertDesktop && (!visible || !document.hasFocus())) {
      for (const item of items) {
        showDesktopNotification({
          title: item.who,
          body: item.text,
          tag: item.conversationId,
          onClick: () => openConversation(item.conversationId),
        });
      }
    }
    for (const item of items) setTimeout(() => dismiss(item.id), TOAST_MS);
  }, [latest, latestDetails.type, dismiss]);

  return { toasts, dismiss };
}
