// `npm run bench`: every performance figure of docs/benchmarks.md, measured side by side in one run on
// one embedded Postgres, with the machine described next to the numbers.
//
//   npm run bench                      full run; rewrites the results block of docs/benchmarks.md
//   npm run bench -- --quick           short phases and a 10k-conversation dataset (a smoke test)
//   npm run bench -- --only=ingest,sync
//   npm run bench -- --seconds=30      length of each load phase (default 20)
//
// Scenarios: ingest (target 1, API RSS), send (target 4, Node client + Graph), outbox (issue 11's
// outbox targets: a burst to one customer, 1,000 customers at 80 msg/s), sync (target 2), two-operators
// (a reply from one browser to another), bundle (issue 12: the Chats route's initial JavaScript), ui (targets 3, 4 in Chromium, zero-cache RSS with the big dataset). Results: bench/results/*.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, startPostgres } from '../tests/support/stack.ts';
import { describeMachine } from './lib/machine.ts';
import { type Figure, markdownTable, replaceBlock, type ScenarioResult } from './lib/report.ts';
import { bundleScenario } from './scenarios/bundle.ts';
import { chatsUiScenario } from './scenarios/chats-ui.ts';
import { ingestScenario } from './scenarios/ingest.ts';
import { outboxScenario } from './scenarios/outbox.ts';
import { sendScenario } from './scenarios/send.ts';
import { syncScenario } from './scenarios/sync.ts';
import { twoOperatorsScenario } from './scenarios/two-operators.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    seconds: { type: 'string' },
    dir: { type: 'string', default: '/tmp/cdesk-bench-run' },
    'no-docs': { type: 'boolean', default: false },
  },
});
const quick = values.quick ?? false;
const only = values.only ? new Set(values.only.split(',')) : null;
const seconds = Number(values.seconds ?? (quick ? 5 : 20));
const dir = values.dir ?? '/tmp/cdesk-bench-run';
const wanted = (name: string) => !only || only.has(name);
const log = (line: string) => process.stdout.write(`${line}\n`);

const machine = describeMachine();
log(`CDESK Chats benchmarks — ${machine.date}`);
log(
  `${machine.nproc} cores (${machine.cpuModel}), ${machine.memory}, load ${machine.loadAverage}, Node ${machine.node}`,
);

const postgres = await startPostgres(path.join(dir, 'pg'), 5499);
const results: ScenarioResult[] = [];
const failures: string[] = [];
let stopping = false;
const cleanup = async () => {
  if (stopping) return;
  stopping = true;
  await postgres.stop().catch(() => {});
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

async function scenario(name: string, fn: () => Promise<ScenarioResult>) {
  if (!wanted(name)) return;
  log(`\n━━ ${name} ━━`);
  const t0 = Date.now();
  try {
    const r = await fn();
    results.push(r);
    log(markdownTable(r.figures));
    log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  } catch (err) {
    failures.push(`${name}: ${(err as Error).stack ?? err}`);
    log(`✖ ${name} failed: ${(err as Error).message}`);
  }
}

try {
  // Ports: zero-cache also takes +1 and +2; browsers' fetch/WebSocket refuse 5060/5061 (SIP, a 'bad port').
  await scenario('bundle', () => bundleScenario());
  await scenario('ingest', () => ingestScenario({ postgres, dir, apiPort: 3380, zeroPort: 5040, seconds }));
  await scenario('send', () =>
    sendScenario({ postgres, dir, apiPort: 3382, zeroPort: 5064, sends: quick ? 10 : 50 }),
  );
  await scenario('outbox', () =>
    outboxScenario({
      postgres,
      dir,
      apiPort: 3384,
      customers: quick ? 200 : 1000,
      burst: 10,
      bursts: 3,
      ratePerSecond: 80,
      graphDelayMs: 45,
    }),
  );
  await scenario('sync', () =>
    syncScenario({
      postgres,
      dir,
      apiPort: 3381,
      zeroPort: 5050,
      seconds: quick ? 5 : 30,
      clients: quick ? 10 : 50,
      rates: [1, 20, 50, 200],
    }),
  );
  // Capacity with four times the operators: the same phases up to 20 msg/s.
  await scenario('sync200', () =>
    syncScenario({
      postgres,
      dir,
      apiPort: 3386,
      zeroPort: 5090,
      seconds: quick ? 5 : 20,
      clients: quick ? 20 : 200,
      rates: [1, 5, 10, 20],
      processes: 2,
    }),
  );
  await scenario('two-operators', () =>
    twoOperatorsScenario({ postgres, dir, apiPort: 3385, zeroPort: 5080, replies: quick ? 5 : 20 }),
  );
  await scenario('ui', () =>
    chatsUiScenario({
      postgres,
      dir,
      apiPort: 3383,
      zeroPort: 5070,
      conversations: quick ? 10_000 : 100_000,
      messagesPerConversation: 10,
      bigConversationMessages: 10_000,
    }),
  );
} finally {
  await cleanup();
}

const finished = describeMachine();
const figures: Figure[] = results.flatMap((r) => r.figures);
const command = `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const report = {
  command,
  machine,
  loadAverageAtEnd: finished.loadAverage,
  finishedAt: finished.date,
  figures,
  details: Object.fromEntries(results.map((r) => [r.name, r.details])),
  failures,
};
// Full runs are kept in git (bench/results); quick and partial runs stay local (bench/out, ignored).
const resultsDir = path.join(ROOT, quick || only ? 'bench/out' : 'bench/results');
mkdirSync(resultsDir, { recursive: true });
const stamp = machine.date.replace(/[:.]/g, '-');
writeFileSync(
  path.join(resultsDir, `${stamp}${quick ? '-quick' : ''}.json`),
  `${JSON.stringify(report, null, 2)}\n`,
);

const block = [
  `Command: \`${command}\` · ${machine.date.slice(0, 16).replace('T', ' ')} UTC · commit ${machine.commit}`,
  `Machine: ${machine.nproc} cores (${machine.cpuModel}), ${machine.memory}; load average ${machine.loadAverage} at start, ${finished.loadAverage} at end; Node ${machine.node}.`,
  '',
  markdownTable(figures),
  ...(failures.length ? ['', `Failed scenarios: ${failures.map((f) => f.split(':')[0]).join(', ')}`] : []),
].join('\n');
log(`\n━━ summary ━━\n${block}`);

// A full run (not --quick, not --only) replaces the generated block of docs/benchmarks.md.
if (!quick && !only && !values['no-docs']) {
  const docs = path.join(ROOT, 'docs/benchmarks.md');
  try {
    const updated = replaceBlock(readFileSync(docs, 'utf8'), 'bench:results', block);
    if (updated) {
      writeFileSync(docs, updated);
      log(`\nUpdated ${path.relative(ROOT, docs)}.`);
    }
  } catch {
    log('docs/benchmarks.md not found: results only in bench/results/.');
  }
}
process.exit(failures.length ? 1 : 0);
