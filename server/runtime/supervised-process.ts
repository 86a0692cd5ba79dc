import { type ChildProcess, spawn } from 'node:child_process';

export type Supervised = { name: string; stop: () => Promise<void>; child: () => ChildProcess | null };

/**
 * Runs a child process and restarts it with backoff if it dies on its own (e.g. Postgres restarted
 * under zero-cache). stop() sends SIGTERM, then SIGKILL after a grace period.
 */
export function superviseProcess(opts: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  restart?: boolean;
}): Supervised {
  let child: ChildProcess | null = null;
  let stopping = false;
  let failures = 0;
  const launch = () => {
    const startedAt = Date.now();
    const c = spawn(opts.command, opts.args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    const prefix = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) opts.log(`[${opts.name}] ${line}`);
    };
    c.stdout?.on('data', prefix);
    c.stderr?.on('data', prefix);
    c.on('exit', (code, signal) => {
      child = null;
      if (stopping || opts.restart === false) return;
      failures = Date.now() - startedAt > 30_000 ? 1 : failures + 1;
      const delay = Math.min(30_000, 500 * 2 ** failures);
      opts.log(`[${opts.name}] exited (${signal ?? code}); restarting in ${delay} ms`);
      setTimeout(() => !stopping && launch(), delay);
    });
  };
  launch();
  return {
    name: opts.name,
    child: () => child,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        const c = child;
        if (!c || c.exitCode !== null) return resolve();
        const kill = setTimeout(() => c.kill('SIGKILL'), 10_000);
        c.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        c.kill('SIGTERM');
      }),
  };
}
