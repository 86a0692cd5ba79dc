// Soak: 10,000 generated hostile webhook requests (fast-check) against the real API process over HTTP,
// eight at a time, plus oversized bodies: no 5xx, no crash, every forged or unsigned request refused.
import fc from 'fast-check';
import { createPool } from '../../server/db/pool.ts';
import { counterMismatches } from '../../tests/support/counters.ts';
import { type HostileCase, hostileCase, oversizedCase, postCase } from '../../tests/support/hostile.ts';
import { rssMiB, sampler } from '../../tests/support/proc.ts';
import { benchEnv, createDatabase, type Postgres, startApi } from '../../tests/support/stack.ts';
import { figure, type ScenarioResult } from '../lib/report.ts';

export async function hostileSoak(o: {
  postgres: Postgres;
  dir: string;
  apiPort: number;
  cases: number;
}): Promise<ScenarioResult> {
  const logDir = `${o.dir}/logs`;
  const env = benchEnv({ databaseUrl: '', dataDir: `${o.dir}/hostile`, port: o.apiPort, zeroPort: 9 });
  const url = await createDatabase(o.postgres, 'soak_hostile', env);
  env.DATABASE_URL = url;
  const pool = createPool(url, 2);
  const api = await startApi('hostile-api', env, logDir);
  const baseUrl = `http://127.0.0.1:${o.apiPort}`;
  try {
    const cases: HostileCase[] = fc.sample(hostileCase, { numRuns: o.cases, seed: 20261125 });
    for (let i = 0; i < 20; i++)
      cases.splice(Math.floor((i * cases.length) / 20), 0, oversizedCase(4 + (i % 4)));
    const byKind: Record<string, Record<string, number>> = {};
    let fiveXx = 0;
    let refusedConnections = 0;
    let unexpected = 0;
    let forgedAccepted = 0;
    let forged = 0;
    const rss = sampler(() => rssMiB(api.pid));
    let next = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (;;) {
          const c = cases[next++];
          if (!c) return;
          const status = await postCase(baseUrl, c);
          const kind = byKind[c.kind] ?? {};
          byKind[c.kind] = kind;
          kind[status] = (kind[status] ?? 0) + 1;
          if (status >= 500) fiveXx += 1;
          if (status === 0) refusedConnections += 1;
          if (!c.expect.includes(status)) unexpected += 1;
          if (c.expect.length === 1 && c.expect[0] === 401) {
            forged += 1;
            if (status !== 401) forgedAccepted += 1;
          }
        }
      }),
    );
    const seconds = (Date.now() - t0) / 1000;
    const peak = rss.stop().peak;
    const alive = api.child.exitCode === null && api.child.signalCode === null;
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM private.webhook_event WHERE outcome = 'failed'`,
    );
    const mismatches = await counterMismatches(pool);
    const zero = { op: '<=' as const, value: 0, label: '0' };
    return {
      name: 'hostile',
      figures: [
        figure('hostile_cases', 'Hostile requests sent', cases.length, '', { op: '>=', value: o.cases }),
        figure('hostile_5xx', 'Answered with a 5xx', fiveXx, '', zero),
        figure(
          'hostile_crash',
          'API process crashes or refused connections',
          (alive ? 0 : 1) + refusedConnections,
          '',
          zero,
        ),
        figure(
          'hostile_forged',
          `Forged or unsigned requests accepted (of ${forged})`,
          forgedAccepted,
          '',
          zero,
        ),
        figure(
          'hostile_unexpected',
          'Answers outside what the case allows (200/400, 401, 413)',
          unexpected,
          '',
          zero,
        ),
        figure(
          'hostile_failed',
          'Bodies stored as failed to apply; counters off',
          (rows[0]?.n ?? 0) + mismatches.length,
          '',
          zero,
        ),
        figure('hostile_rss', 'API RSS peak during the run', peak, 'MiB'),
      ],
      details: { byKind, seconds, mismatches },
    };
  } finally {
    await api.kill('SIGTERM');
    await pool.end();
  }
}
