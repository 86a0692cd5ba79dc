// `npm run soak`: the long fault runs and the scale-out proof, against real processes (the API as
// server/main.ts, zero-cache, embedded Postgres, scripts/start.ts for the Postgres restart).
//
//   npm run soak                       everything at full size; rewrites the soak block of docs/benchmarks.md
//   npm run soak -- --quick            the same runs, small (a smoke test, a few minutes)
//   npm run soak -- --only=replay,scale-out
//
// Runs: replay (10,000 messages + 30,000 statuses, 1–3× shuffled, 3 SIGKILLs), graph-faults (1,000 replies,
// 30 % Graph failures, 2 SIGKILLs), hostile (10,000 generated bodies), pg-restart, many-operators (50 at
// once on one conversation), scale-out (2 APIs + replication-manager + 2 view-syncers).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, startPostgres } from '../tests/support/stack.ts';
import { describeMachine } from './lib/machine.ts';
import { type Figure, markdownTable, replaceBlock, type ScenarioResult } from './lib/report.ts';
import { graphFaultsSoak } from './soak/graph-faults.ts';
import { hostileSoak } from './soak/hostile.ts';
import { manyOperatorsSoak } from './soak/many-operators.ts';
import { pgRestartSoak } from './soak/pg-restart.ts';
import { replaySoak } from './soak/replay.ts';
import { scaleOutSoak } from './soak/scale-out.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    dir: { type: 'string', default: '/tmp/cdesk-bench-soak' },
    'no-docs': { type: 'boolean', default: false },
  },
});
const quick = values.quick ?? false;
const only = values.only ? new Set(values.only.split(',')) : null;
const dir = values.dir ?? '/tmp/cdesk-bench-soak';
const log = (line: string) => process.stdout.write(`${line}\n`);

const machine = describeMachine();
log(`CDESK Chats soak — ${machine.date}`);
log(
  `${machine.nproc} cores (${machine.cpuModel}), ${machine.memory}, load ${machine.loadAverage}, Node ${machine.node}`,
);

const postgres = await startPostgres(path.join(dir, 'pg'), 5498);
process.on('SIGINT', () => void postgres.stop().finally(() => process.exit(130)));
const results: ScenarioResult[] = [];
const failures: string[] = [];

async function run(name: string, fn: () => Promise<ScenarioResult>) {
  if (only && !only.has(name)) return;
  log(`\n━━ ${name} ━━`);
  const t0 = Date.now();
  try {
    const r = await fn();
    results.push(r);
    log(markdownTable(r.figures));
    log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  } catch (err) {
    failures.push(`${name}: ${(err as Error).stack ?? err}`);
    log(`✖ ${name} failed: ${(err as Error).stack ?? err}`);
  }
}

try {
  await run('replay', () =>
    replaySoak({
      postgres,
      dir,
      apiPort: 3390,
      messages: quick ? 1000 : 10_000,
      statuses: quick ? 3000 : 30_000,
      kills: 3,
    }),
  );
  await run('graph-faults', () =>
    graphFaultsSoak({
      postgres,
      dir,
      apiPort: 3391,
      customers: quick ? 20 : 100,
      repliesPerCustomer: quick ? 5 : 10,
      faultRate: 0.3,
    }),
  );
  await run('hostile', () => hostileSoak({ postgres, dir, apiPort: 3392, cases: quick ? 1000 : 10_000 }));
  await run('pg-restart', () =>
    pgRestartSoak({
      dir,
      pgPort: 5497,
      port: 3393,
      zeroPort: 5080,
      seconds: quick ? 20 : 40,
      downSeconds: 5,
    }),
  );
  await run('many-operators', () =>
    manyOperatorsSoak({ postgres, dir, apiPort: 3394, zeroPort: 5086, operators: quick ? 10 : 50 }),
  );
  await run('scale-out', () =>
    scaleOutSoak({
      postgres,
      dir,
      apiPorts: [3395, 3396],
      replicationManagerPort: 5010,
      viewSyncerPorts: [5020, 5030],
      replies: quick ? 40 : 200,
    }),
  );
} finally {
  await postgres.stop().catch(() => {});
}

const finished = describeMachine();
const figures: Figure[] = results.flatMap((r) => r.figures);
const command = `npm run soak${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
// Full runs are kept in git (bench/results); quick and partial runs stay local (bench/out, ignored).
const resultsDir = path.join(ROOT, quick || only ? 'bench/out' : 'bench/results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  path.join(resultsDir, `soak-${machine.date.replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`),
  `${JSON.stringify(
    {
      command,
      machine,
      loadAverageAtEnd: finished.loadAverage,
      finishedAt: finished.date,
      figures,
      details: Object.fromEntries(results.map((r) => [r.name, r.details])),
      failures,
    },
    null,
    2,
  )}\n`,
);
const failed = figures.filter((f) => f.met === false);
const block = [
  `Command: \`${command}\` · ${machine.date.slice(0, 16).replace('T', ' ')} UTC · commit ${machine.commit}`,
  `Machine: ${machine.nproc} cores (${machine.cpuModel}), ${machine.memory}; load average ${machine.loadAverage} at start, ${finished.loadAverage} at end; Node ${machine.node}.`,
  '',
  ...results.flatMap((r) => [`**${r.name}**`, '', markdownTable(r.figures), '']),
  ...(failures.length
    ? [`Runs that did not complete: ${failures.map((f) => f.split(':')[0]).join(', ')}`]
    : []),
].join('\n');
log(`\n━━ summary ━━\n${block}`);
if (!quick && !only && !values['no-docs']) {
  const docs = path.join(ROOT, 'docs/benchmarks.md');
  try {
    const updated = replaceBlock(readFileSync(docs, 'utf8'), 'soak:results', block);
    if (updated) writeFileSync(docs, updated);
  } catch {
    log('docs/benchmarks.md not found: results only in bench/results/.');
  }
}
process.exit(failures.length || failed.length ? 1 : 0);
