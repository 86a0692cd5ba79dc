// What zero-cache sends to the API when an operator's client pushes a custom mutation: a push body to
// /api/zero/mutate with the operator's cookie, mutation ids counting up per client. Used where a fault run
// kills the API (a real Zero client would then stop in its `error` state until reconnected).
import { randomUUID } from 'node:crypto';
import type { Pool } from '../../server/db/pool.ts';

/** zero-cache's bookkeeping tables in the upstream database (it creates them itself when it runs). */
export async function installZeroUpstreamTables(pool: Pool) {
  await pool.query(`
    CREATE SCHEMA IF NOT EXISTS zero_0;
    CREATE TABLE IF NOT EXISTS zero_0.clients ("clientGroupID" TEXT NOT NULL, "clientID" TEXT NOT NULL,
      "lastMutationID" BIGINT NOT NULL, "userID" TEXT, PRIMARY KEY ("clientGroupID", "clientID"));
    CREATE TABLE IF NOT EXISTS zero_0.mutations ("clientGroupID" TEXT NOT NULL, "clientID" TEXT NOT NULL,
      "mutationID" BIGINT NOT NULL, "result" JSON NOT NULL, PRIMARY KEY ("clientGroupID", "clientID", "mutationID"));
  `);
}

export type PushOutcome = { ok: true } | { ok: false; retryable: boolean; detail: string };

/** One client (client group + client id): `push(name, args)` sends the next mutation id. */
export function pushClient(baseUrl: () => string, cookie: string) {
  const clientGroupID = randomUUID();
  const clientID = randomUUID();
  let nextId = 1;
  const attempt = async (id: number, name: string, args: unknown): Promise<PushOutcome> => {
    let res: Response;
    try {
      res = await fetch(`${baseUrl()}/api/zero/mutate?schema=zero_0&appID=zero`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({
          clientGroupID,
          mutations: [{ type: 'custom', id, clientID, name, args: [args], timestamp: Date.now() }],
          pushVersion: 1,
          timestamp: Date.now(),
          requestID: randomUUID(),
        }),
        signal: AbortSignal.timeout(20_000),
      });
    } catch (err) {
      return { ok: false, retryable: true, detail: (err as Error).message };
    }
    const text = await res.text();
    if (res.status !== 200)
      return { ok: false, retryable: res.status >= 500, detail: `${res.status} ${text}` };
    const body = JSON.parse(text) as { kind?: string; mutations?: { result: { error?: string } }[] };
    const result = body.mutations?.[0]?.result;
    if (!result) return { ok: false, retryable: true, detail: text };
    // An id the server has already processed (the answer to a first attempt was lost) is fine.
    if (result.error === 'alreadyProcessed') return { ok: true };
    if (result.error) return { ok: false, retryable: false, detail: text };
    return { ok: true };
  };
  return {
    /** Pushes one mutation, retrying the same id (as zero-cache does) until the API answers. */
    async push(name: string, args: unknown, deadlineMs = 300_000): Promise<PushOutcome> {
      const id = nextId++;
      const deadline = Date.now() + deadlineMs;
      for (let n = 1; ; n++) {
        const outcome = await attempt(id, name, args);
        if (outcome.ok || !outcome.retryable || Date.now() > deadline) return outcome;
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** n)));
      }
    },
  };
}
