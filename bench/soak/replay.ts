// Soak: 10,000 messages and 30,000 statuses, each body delivered 1–3 times in random order with Meta-style
// retries, while the API process is SIGKILLed three times; the end state must equal in-order delivery.
import { createPool } from '../../server/db/pool.ts';
import {
  deliverShuffled,
  inProcessPoster,
  planReplay,
  prepareReplay,
  verifyReplay,
  watchStatuses,
} from '../../tests/support/replay.ts';
import { benchEnv, createDatabase, type Postgres, type Proc, startApi } from '../../tests/support/stack.ts';
import { sleep } from '../../tests/support/stats.ts';
import { figure, type ScenarioResult } from '../lib/report.ts';

export async function replaySoak(o: {
  postgres: Postgres;
  dir: string;
  apiPort: number;
  messages: number;
  statuses: number;
  kills: number;
}): Promise<ScenarioResult> {
  const logDir = `${o.dir}/logs`;
  // No demo workspace: it is seeded relative to the clock, so two databases would differ by its times.
  const env = benchEnv({
    databaseUrl: '',
    dataDir: `${o.dir}/replay`,
    port: o.apiPort,
    zeroPort: 9,
    extra: { SEED_DEMO: 'never' },
  });
  const url = await createDatabase(o.postgres, 'soak_replay', env);
  const refUrl = await createDatabase(o.postgres, 'soak_replay_ref', env);
  env.DATABASE_URL = url;
  const pool = createPool(url, 4);
  const refPool = createPool(refUrl, 4);
  let api: Proc | undefined;
  try {
    const plan = planReplay({ messages: o.messages, statuses: o.statuses, customers: 1000, seed: 20261125 });
    const t0 = Date.now();
    const ref = inProcessPoster(refPool);
    await prepareReplay(refPool, plan, ref);
    for (const body of plan.bodies) await ref(body);
    const referenceSeconds = (Date.now() - t0) / 1000;

    await prepareReplay(pool, plan, inProcessPoster(pool));
    api = await startApi('replay-api', env, logDir);
    const baseUrl = `http://127.0.0.1:${o.apiPort}`;
    const total = plan.deliveries.length;
    const killAt = new Set(
      Array.from({ length: o.kills }, (_, k) => Math.floor(((k + 1) * total) / (o.kills + 1))),
    );
    const kills: { atDelivery: number; downMs: number }[] = [];
    const watcher = watchStatuses(pool, plan, 300);
    const runStart = Date.now();
    const stats = await deliverShuffled(() => baseUrl, plan, {
      concurrency: 16,
      maxDelayMs: 2000,
      onProgress: async (done) => {
        if (done % 5000 === 0) process.stdout.write(`  replay: ${done}/${total} deliveries\n`);
        if (!killAt.has(done)) return;
        killAt.delete(done);
        const down = Date.now();
        await api?.kill('SIGKILL');
        await sleep(1000); // a supervisor's restart delay
        api = await startApi('replay-api', env, logDir);
        kills.push({ atDelivery: done, downMs: Date.now() - down });
      },
    });
    const runSeconds = (Date.now() - runStart) / 1000;
    const regressions = await watcher.stop();
    const { verdict, samples } = await verifyReplay(pool, refPool, plan, regressions);
    const unexpectedStatuses = Object.entries(stats.byStatus)
      .filter(([s]) => s !== '200' && s !== '0' && s !== '503')
      .reduce((n, [, c]) => n + c, 0);
    const zero = { op: '<=' as const, value: 0, label: '0' };
    return {
      name: 'replay',
      figures: [
        figure('replay_kills', 'API processes SIGKILLed during the run', kills.length, '', {
          op: '>=',
          value: o.kills,
          label: String(o.kills),
        }),
        figure(
          'replay_lost',
          `Messages lost (of ${plan.counts.messages.toLocaleString('en-US')})`,
          verdict.lost,
          '',
          zero,
        ),
        figure('replay_duplicated', 'Messages stored twice', verdict.duplicated, '', zero),
        figure(
          'replay_regressions',
          `Status regressions (of ${plan.counts.statuses.toLocaleString('en-US')} statuses)`,
          verdict.statusRegressions,
          '',
          zero,
        ),
        figure('replay_counters', 'Counters differing from a recount', verdict.counterMismatches, '', zero),
        figure(
          'replay_equal',
          'Tables differing from the same bodies applied once, in order',
          verdict.differsFromInOrder.length,
          '',
          zero,
          verdict.differsFromInOrder.join(', ') || undefined,
        ),
        figure(
          'replay_5xx',
          'Answers other than 200, 503 or a refused connection',
          unexpectedStatuses,
          '',
          zero,
        ),
      ],
      details: {
        bodies: plan.bodies.length,
        deliveries: total,
        posts: stats.posts,
        retried: stats.retried,
        byStatus: stats.byStatus,
        kills,
        runSeconds,
        referenceSeconds,
        verdict,
        samples,
      },
    };
  } finally {
    await api?.kill('SIGTERM');
    await pool.end();
    await refPool.end();
  }
}
