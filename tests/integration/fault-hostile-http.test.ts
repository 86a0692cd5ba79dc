// Fault: generated hostile requests against the real API process over HTTP (server/main.ts): never a 5xx,
// never a crash (same process answering throughout), forged and missing signatures always refused, bodies
// above Meta's 3 MB refused, and nothing left half-applied. `npm run soak` sends 10,000 of these.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../server/config/env.ts';
import { findFreePort } from '../../server/runtime/port-check.ts';
import { prepareDatabase } from '../../server/runtime/prepare-database.ts';
import { counterMismatches } from '../support/counters.ts';
import { type HostileCase, hostileCase, oversizedCase, postCase } from '../support/hostile.ts';
import { benchEnv, type Proc, startApi } from '../support/stack.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let api: Proc;
let baseUrl = '';
const dataDir = mkdtempSync(path.join(tmpdir(), 'cdesk-fault-hostile-'));

beforeAll(async () => {
  db = await createTestDatabase();
  const port = await findFreePort();
  const env = benchEnv({ databaseUrl: db.url, dataDir, port, zeroPort: 9, extra: { SEED_DEMO: 'never' } });
  await prepareDatabase(loadEnv(env), db.url, () => {});
  api = await startApi('fault-hostile-api', env, path.join(dataDir, 'logs'));
  baseUrl = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await api?.kill('SIGKILL');
  await db?.drop();
});

describe('hostile webhook requests over HTTP', () => {
  it('answers each within what it may answer, never 5xx, and keeps running', async () => {
    const unexpected: { kind: string; status: number }[] = [];
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileCase, async (c: HostileCase) => {
        const status = await postCase(baseUrl, c);
        seen.set(c.kind, (seen.get(c.kind) ?? 0) + 1);
        if (!c.expect.includes(status)) unexpected.push({ kind: c.kind, status });
        return status !== 0 && status < 500;
      }),
      { numRuns: 400, seed: 8 },
    );
    for (const c of [oversizedCase(4), oversizedCase(8)]) {
      const status = await postCase(baseUrl, c);
      if (!c.expect.includes(status)) unexpected.push({ kind: c.kind, status });
    }
    expect(unexpected).toEqual([]);
    // Every kind was exercised (the generator is not stuck on one shape).
    expect(seen.size).toBeGreaterThanOrEqual(8);
    // The same process is still there and healthy (no crash, no restart).
    expect(api.child.exitCode).toBeNull();
    const health = (await (await fetch(`${baseUrl}/healthz`)).json()) as { db: boolean };
    expect(health.db).toBe(true);
    // Nothing half-applied: no stored-for-replay failures, counters equal a recount.
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM private.webhook_event WHERE outcome = 'failed'`,
    );
    expect(rows[0]?.n).toBe(0);
    expect(await counterMismatches(db.pool)).toEqual([]);
  });
});
