import { useQuery, useZero } from '@rocicorp/zero/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import { afterNextPaint } from '../app/after-next-paint.ts';

/** Typing is saved this long after the last keystroke (one write per pause, not per key). */
const SAVE_AFTER_MS = 700;

/**
 * The composer's text, kept as the operator's draft of this conversation: it comes back after a reload
 * and on their other devices. `clear(sent)` (after sending) deletes the draft at once, so a reload right after
 * sending never brings the sent text back to be sent twice.
 */
export function useDraft(conversationId: string, enabled: boolean) {
  const z = useZero();
  const [draft, status] = useQuery(queries.drafts.forConversation({ conversationId }), { enabled });
  const [text, setTextState] = useState('');
  // The conversation whose draft the box holds: the saved draft is taken once, unless typing came first.
  const loadedFor = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const unsaved = useRef<{ conversationId: string; body: string } | null>(null);

  const save = useCallback(
    (target: { conversationId: string; body: string }) =>
      z.mutate(mutators.drafts.save({ ...target, now: Date.now() })),
    [z],
  );
  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (unsaved.current) save(unsaved.current);
    unsaved.current = null;
  }, [save]);

  // Until the operator types, the box follows the saved draft, and it settles only once the server has
  // answered: the local replica read at start-up can be older than the server (a reload right after sending
  // can still hold the draft that sending deleted), and taking it for good brought the sent text back.
  // Offline the server never answers, and the box keeps showing the local copy.
  useEffect(() => {
    if (loadedFor.current === conversationId) return;
    setTextState(draft?.body ?? '');
    if (status.type === 'complete' || !enabled) loadedFor.current = conversationId;
  }, [conversationId, draft, status.type, enabled]);

  // Leaving the conversation (or the page) saves what is pending.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the cleanup must also run when the conversation changes
  useEffect(() => flush, [flush, conversationId]);
  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [flush]);

  const setText = useCallback(
    (body: string) => {
      loadedFor.current = conversationId;
      setTextState(body);
      if (!enabled) return;
      unsaved.current = { conversationId, body };
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, SAVE_AFTER_MS);
    },
    [conversationId, enabled, flush],
  );
  // Sending forgets the saved draft at once (a pending save, as typing's, is replaced by the deletion, also
  // written on pagehide or when the conversation changes), so a reload right after sending never brings the
  // sent text back. The deletion itself is written once `handedOver` settles (the reply is with Zero: the
  // server then applies the reply before it), and the box's state follows the frame that shows the reply's
  // bubble: rendering the composer again (its Mantine controls) in the Enter handler held that frame back.
  // The composer empties the textarea's DOM value itself meanwhile. Text typed since Enter is kept.
  // Resolves once the box's state has emptied: what must render after it (the composer's quote) waits for it.
  const clear = useCallback(
    (sent: string, handedOver?: Promise<unknown>): Promise<void> => {
      loadedFor.current = conversationId;
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      unsaved.current = null;
      const emptied = afterNextPaint().then(() =>
        setTextState((current) => (current === sent ? '' : current)),
      );
      if (!enabled) return emptied;
      const deletion = { conversationId, body: '' };
      unsaved.current = deletion;
      const written = () => {
        if (unsaved.current === deletion) flush();
      };
      void (handedOver ?? emptied).then(written, written);
      return emptied;
    },
    [conversationId, enabled, flush],
  );

  return { text, setText, clear };
}
