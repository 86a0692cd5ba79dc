import pg from 'pg';
import type { Pool, PoolClient } from '../db/pool.ts';

/** The Postgres channel on which every API process hears that sessions ended (sign-out, revocation). */
export const SESSIONS_ENDED_CHANNEL = 'cdesk_sessions_ended';

/**
 * Tells every API process that these sessions ended, so each closes their sync websockets at once
 * (zero-sync-proxy.ts). Sent in the caller's transaction: Postgres delivers it on commit, never for a
 * revocation that rolled back.
 */
export async function announceSessionsEnded(db: Pool | PoolClient, sessionIds: string[]): Promise<void> {
  // A NOTIFY payload is capped at 8000 bytes; session ids are 12 characters.
  for (let i = 0; i < sessionIds.length; i += 400) {
    await db.query('SELECT pg_notify($1, $2)', [
      SESSIONS_ENDED_CHANNEL,
      sessionIds.slice(i, i + 400).join(','),
    ]);
  }
}

/**
 * Listens for ended sessions on a connection of its own (LISTEN holds it), reconnecting after a failure.
 * `onReconnect` runs after each reconnection, when announcements may have been missed meanwhile.
 */
export function listenForEndedSessions(
  connectionString: string,
  onEnded: (sessionIds: string[]) => void,
  onReconnect: () => void,
  log: (level: 'warn', msg: string, extra?: Record<string, unknown>) => void,
): { stop: () => Promise<void>; listening: Promise<void> } {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let markListening = () => {};
  const listening = new Promise<void>((resolve) => {
    markListening = resolve;
  });

  const connect = async (isReconnect: boolean) => {
    const c = new pg.Client({ connectionString });
    client = c;
    c.on('notification', (n) => {
      if (n.channel === SESSIONS_ENDED_CHANNEL && n.payload) onEnded(n.payload.split(','));
    });
    c.on('error', (err) => {
      log('warn', 'session-end listener lost its connection', { error: err.message });
      void c.end().catch(() => {});
      schedule();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${SESSIONS_ENDED_CHANNEL}`);
      markListening();
      if (isReconnect) onReconnect();
    } catch (err) {
      log('warn', 'session-end listener could not connect', { error: (err as Error).message });
      void c.end().catch(() => {});
      schedule();
    }
  };
  const schedule = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect(true);
    }, 2_000);
    retry.unref();
  };
  void connect(false);
  return {
    /** Resolves once the first LISTEN is in place (tests wait for it). */
    listening,
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
