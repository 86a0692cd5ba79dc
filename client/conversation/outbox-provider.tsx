import { useConnectionState, useZero } from '@rocicorp/zero/react';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { SendTextArgs } from '../../schema/mutators/messages.ts';
import { mutators } from '../../schema/mutators.ts';
import { indexedDbOutboxStore, memoryOutboxStore, Outbox, type OutboxEntry } from './offline-outbox.ts';
import { registerServiceWorker } from './register-service-worker.ts';

const OutboxContext = createContext<Outbox | null>(null);

/** The only mutator replies go through while offline (names are stable wire protocol). */
export const SEND_TEXT = 'messages.sendText';

/**
 * One outbox per signed-in operator for the whole app (not only an open conversation): replies typed
 * offline are replayed at start-up and on every return to `connected`, wherever the operator is.
 */
export function OutboxProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const z = useZero();
  const outbox = useMemo(
    () =>
      new Outbox(
        userId,
        typeof indexedDB === 'undefined' ? memoryOutboxStore() : indexedDbOutboxStore(),
        (entry) => {
          if (entry.mutator !== SEND_TEXT) throw new Error(`Unknown outbox mutator ${entry.mutator}`);
          return z.mutate(mutators.messages.sendText(entry.args as SendTextArgs));
        },
      ),
    [userId, z],
  );
  const state = useConnectionState();
  useEffect(registerServiceWorker, []);
  // Start-up: hand over what a previous page left unconfirmed (Zero queues it while `connecting`).
  useEffect(() => {
    void outbox.ready().then(() => outbox.replay());
  }, [outbox]);
  useEffect(() => {
    if (state.name === 'connected') void outbox.replay();
  }, [state.name, outbox]);
  // `error` stops Zero's own retries (e.g. an API 5xx on push): try again with a growing delay.
  useEffect(() => {
    if (state.name !== 'error') return;
    let delay = 2000;
    let timer: ReturnType<typeof setTimeout>;
    const retry = () => {
      void z.connection.connect();
      delay = Math.min(delay * 2, 60_000);
      timer = setTimeout(retry, delay);
    };
    timer = setTimeout(retry, delay);
    return () => clearTimeout(timer);
  }, [state.name, z]);
  return <OutboxContext.Provider value={outbox}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): Outbox {
  const outbox = useContext(OutboxContext);
  if (!outbox) throw new Error('useOutbox outside OutboxProvider');
  return outbox;
}

/** Live view of the outbox's unconfirmed entries and server rejections. */
export function useOutboxEntries(): { entries: readonly OutboxEntry[]; outbox: Outbox } {
  const outbox = useOutbox();
  const entries = useSyncExternalStore(
    (cb) => outbox.subscribe(cb),
    () => outbox.entries,
  );
  useSyncExternalStore(
    (cb) => outbox.subscribe(cb),
    () => outbox.rejections,
  );
  return { entries, outbox };
}
