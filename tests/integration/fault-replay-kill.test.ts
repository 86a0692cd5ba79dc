// Fault: Meta's at-least-once, any-order delivery against the real API process (server/main.ts over HTTP),
// SIGKILLed twice mid-run and restarted, with retries until a 200. The small version of the replay in
// `npm run soak` (10,000 messages + 30,000 statuses, three kills): the same code, fewer events.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../server/config/env.ts';
import { findFreePort } from '../../server/runtime/port-check.ts';
import { prepareDatabase } from '../../server/runtime/prepare-database.ts';
import {
  deliverShuffled,
  inProcessPoster,
  planReplay,
  prepareReplay,
  verifyReplay,
  watchStatuses,
} from '../support/replay.ts';
import { benchEnv, type Proc, startApi } from '../support/stack.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let reference: TestDatabase;
let env: Record<string, string>;
let api: Proc | undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'cdesk-fault-replay-'));

beforeAll(async () => {
  db = await createTestDatabase();
  reference = await createTestDatabase();
  const port = await findFreePort();
  env = benchEnv({ databaseUrl: db.url, dataDir, port, zeroPort: 9, extra: { SEED_DEMO: 'never' } });
  for (const d of [db, reference])
    await prepareDatabase(loadEnv({ ...env, DATABASE_URL: d.url }), d.url, () => {});
});
afterAll(async () => {
  await api?.kill('SIGKILL');
  await db?.drop();
  await reference?.drop();
});

describe('replay under SIGKILL', () => {
  it('loses nothing, doubles nothing, never moves a status back, and ends equal to in-order delivery', async () => {
    const plan = planReplay({ messages: 300, statuses: 300, customers: 30, seed: 8 });
    const ref = inProcessPoster(reference.pool);
    await prepareReplay(reference.pool, plan, ref);
    for (const body of plan.bodies) await ref(body);

    await prepareReplay(db.pool, plan, inProcessPoster(db.pool));
    const logDir = path.join(dataDir, 'logs');
    api = await startApi('fault-replay-api', env, logDir);
    const baseUrl = `http://127.0.0.1:${env.PORT}`;
    const killAt = new Set([
      Math.floor(plan.deliveries.length / 3),
      Math.floor((2 * plan.deliveries.length) / 3),
    ]);
    let kills = 0;
    const watcher = watchStatuses(db.pool, plan, 50);
    const stats = await deliverShuffled(() => baseUrl, plan, {
      concurrency: 8,
      onProgress: async (done) => {
        if (!killAt.has(done)) return;
        killAt.delete(done);
        await api?.kill('SIGKILL');
        kills += 1;
        api = await startApi('fault-replay-api', env, logDir);
      },
    });
    const regressions = await watcher.stop();
    expect(kills).toBe(2);
    // Nothing the database or the handler could not take: only refused connections and 200s.
    expect(Object.keys(stats.byStatus).filter((s) => s !== '200' && s !== '0')).toEqual([]);

    const { verdict, samples } = await verifyReplay(db.pool, reference.pool, plan, regressions);
    expect(samples).toEqual({});
    expect(verdict).toEqual({
      lost: 0,
      duplicated: 0,
      statusRegressions: 0,
      counterMismatches: 0,
      differsFromInOrder: [],
    });
  });
});
