import { readdirSync, readFileSync } from 'node:fs';

/** Resident set size of one process in MiB (0 if it is gone). */
export function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** The pids of a process and all its descendants (zero-cache forks workers). */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(entry));
      parents.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const child of parents.get(pid) ?? []) walk(child);
  };
  walk(root);
  return out;
}

/** Summed RSS of a process tree in MiB. */
export function treeRssMiB(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + rssMiB(pid), 0);
}

/** Samples a value every `intervalMs` until stopped; returns the peak and the samples. */
export function sampler(read: () => number, intervalMs = 500) {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(read()), intervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      samples.push(read());
      return { peak: Math.max(...samples), last: samples[samples.length - 1] ?? 0, samples };
    },
  };
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) in seconds that these processes have used so far (gone ones count 0). */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while we looked
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** The pids whose command name is `comm` (e.g. every Postgres backend). */
export function pidsNamed(comm: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** CPU seconds used by a changing set of processes between start and stop (new ones count from 0). */
export function cpuMeter(pids: () => number[]) {
  const before = new Map(pids().map((pid) => [pid, cpuSeconds([pid])]));
  return {
    stop: () => pids().reduce((sum, pid) => sum + cpuSeconds([pid]) - (before.get(pid) ?? 0), 0),
  };
}
