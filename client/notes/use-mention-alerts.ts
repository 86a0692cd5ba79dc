import { useQuery, useZero } from '@rocicorp/zero/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import type { AlertToast } from '../alerts/use-inbound-alerts.ts';
import type { Route } from '../app/use-route.ts';
import { notesStrings as s } from '../i18n/notes-strings.ts';

/**
 * A colleague named this operator in an internal note: a toast ("Ada mentioned you") that opens the
 * conversation. Unlike customer messages, a mention waits until it is seen: one made while this operator
 * was away alerts when they come back, and opening the conversation marks its mentions seen everywhere.
 */
export function useMentionAlerts(route: Route) {
  const z = useZero();
  const [mentions] = useQuery(queries.mentions.mine());
  const [toasts, setToasts] = useState<AlertToast[]>([]);
  const shown = useRef(new Set<string>());
  const onScreen = route.name === 'conversation' ? route.id : null;

  const dismiss = useCallback((id: string) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);

  useEffect(() => {
    if (onScreen && mentions.some((m) => m.conversationId === onScreen)) {
      z.mutate(mutators.notes.mentionsSeen({ conversationId: onScreen, now: Date.now() }));
    }
    const fresh = mentions.filter(
      (m) => m.conversationId !== onScreen && !shown.current.has(`${m.messageId}:${m.operatorId}`),
    );
    if (fresh.length === 0) return;
    for (const m of fresh) shown.current.add(`${m.messageId}:${m.operatorId}`);
    setToasts((ts) => [
      ...fresh.map((m) => ({
        id: `mention:${m.messageId}`,
        conversationId: m.conversationId,
        who: s.mentionedYou(m.authorName),
        text: m.message?.body ?? '',
      })),
      ...ts,
    ]);
  }, [z, mentions, onScreen]);

  // A toast whose conversation is now open has done its job.
  const visible = onScreen ? toasts.filter((t) => t.conversationId !== onScreen) : toasts;
  return { toasts: visible, dismiss };
}
