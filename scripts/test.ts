// `npm test`: every check in order (lint, typecheck, unit, integration, browser) and a summary.
// Runs them all even when one fails, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';

const steps: Array<[string, string[]]> = [
  ['lint', ['run', 'lint']],
  ['typecheck', ['run', 'typecheck']],
  ['unit', ['run', 'test:unit']],
  ['integration', ['run', 'test:integration']],
  ['browser (Playwright, Chromium)', ['run', 'test:e2e']],
];
const only = process.argv.slice(2);
const results: Array<{ name: string; ok: boolean; seconds: number }> = [];
for (const [name, args] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  const t0 = Date.now();
  process.stdout.write(`\n━━ ${name} ━━\n`);
  const r = spawnSync('npm', ['--silent', ...args], { stdio: 'inherit' });
  results.push({ name, ok: r.status === 0, seconds: (Date.now() - t0) / 1000 });
}
process.stdout.write('\n━━ summary ━━\n');
for (const r of results) process.stdout.write(`${r.ok ? '✔' : '✖'} ${r.name} (${r.seconds.toFixed(1)} s)\n`);
const failed = results.filter((r) => !r.ok).length;
process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
