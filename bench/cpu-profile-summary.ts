// Where a process spent its CPU, from a V8 `.cpuprofile`: the functions with the most self and inclusive
// time, optionally only below one frame (e.g. zero-cache's `#advance` to split advancement from hydration).
//
//   BENCH_ZERO_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench -- --only=sync --quick --no-docs
//   node bench/cpu-profile-summary.ts /tmp/prof/CPU.….cpuprofile [--under='#advance '] [--top=40]
//
// zero-cache forks its workers with the parent's Node flags, so each worker writes its own profile when
// the bench stops it; the sync worker is the one with the least idle time.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const CpuProfile = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
type ProfileNode = z.infer<typeof CpuProfile>['nodes'][number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { under: { type: 'string' }, top: { type: 'string', default: '30' } },
});
const file = positionals[0];
if (!file)
  throw new Error('usage: node bench/cpu-profile-summary.ts <file.cpuprofile> [--under=frame] [--top=N]');
const profile = CpuProfile.parse(JSON.parse(readFileSync(file, 'utf8')));
const top = Number(values.top);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const frameName = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;

const microsByNode = new Map<number, number>();
profile.samples.forEach((id, i) => {
  microsByNode.set(id, (microsByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
for (const [leaf, us] of microsByNode) {
  const stack: string[] = [];
  for (let id: number | undefined = leaf; id !== undefined; id = parentOf.get(id)) {
    const node = byId.get(id);
    if (node) stack.push(frameName(node));
  }
  // With --under, only samples below that frame count, and only the frames below it.
  const cut = values.under ? stack.findIndex((f) => f.startsWith(values.under ?? '')) : stack.length;
  if (cut < 0) continue;
  total += us;
  add(self, stack[0] ?? '(unknown)', us);
  for (const f of new Set(stack.slice(0, cut))) add(inclusive, f, us);
}

const table = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([f, us]) =>
        `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${f}`,
    )
    .join('\n');
process.stdout.write(
  `${values.under ? `below ${values.under}: ` : ''}${(total / 1000).toFixed(0)} ms sampled\n` +
    `── self\n${table(self)}\n── inclusive\n${table(inclusive)}\n`,
);
