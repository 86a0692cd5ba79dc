import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export type Machine = {
  date: string;
  nproc: number;
  cpuModel: string;
  memory: string;
  loadAverage: string;
  node: string;
  commit: string;
};

const run = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

/** What a figure was measured on: quoted next to every result. */
export function describeMachine(): Machine {
  const free = run('free', ['-h']).split('\n')[1]?.split(/\s+/) ?? [];
  return {
    date: new Date().toISOString(),
    nproc: Number(run('nproc', [])) || cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memory: free[1]
      ? `${free[1]} total, ${free[6] ?? '?'} available`
      : `${Math.round(totalmem() / 2 ** 30)} GiB`,
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    node: process.version,
    commit: run('git', ['rev-parse', '--short', 'HEAD']),
  };
}
