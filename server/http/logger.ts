import type { AppDeps } from './app-context.ts';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

/** One JSON line per event on stdout: easy to grep locally, easy to ship from a container. */
export function createLogger(minLevel: keyof typeof LEVELS, name = 'api'): AppDeps['log'] {
  return (level, msg, extra) => {
    if (LEVELS[level] < LEVELS[minLevel]) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level, name, msg, ...extra });
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  };
}
