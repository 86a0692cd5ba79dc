// Preloaded into zero-cache and every process it forks (`node --import <this file> cli.js`; forked
// workers inherit execArgv), by scripts/start.ts.
//
// zero-cache 1.9 has no option for the address it listens on: its HTTP services (the sync port and the
// change-streamer on ZERO_PORT+1) call Fastify's listen({ host: '::' }) (zero-cache's
// services/http-service.js), i.e. every interface, and the change-streamer streams every replicated row
// to whoever connects. On one machine nothing but the API (its sync proxy, /healthz) talks to them, so
// every wildcard listen of these processes is moved to loopback here. CDESK_ZERO_SYNC_HOST lets the sync
// port (ZERO_PORT only) listen elsewhere for deployments that point browsers at it (ZERO_PUBLIC_URL);
// the change-streamer stays on loopback whatever it says. Multi-machine deployments do not use this file:
// there the change-streamer belongs on a private network (README, "Scaling out").
//
// Files these processes create (the SQLite replica and its WAL) are readable by the owner only.
import net from 'node:net';
import { isMainThread } from 'node:worker_threads';

const LOOPBACK = '127.0.0.1';
const WILDCARDS = new Set([undefined, '', '::', '0.0.0.0']);
const syncPort = Number(process.env.ZERO_PORT ?? 4848);
const syncHost = process.env.CDESK_ZERO_SYNC_HOST || LOOPBACK;

// Worker threads share their process' umask (and may not set it).
if (isMainThread) process.umask(0o077);

const hostFor = (port: unknown) => (Number(port) === syncPort ? syncHost : LOOPBACK);
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(this: net.Server, ...args: unknown[]) {
  const [first] = args;
  if (first !== null && typeof first === 'object') {
    const options = first as net.ListenOptions;
    // Unix sockets, inherited handles and fds are not network listeners.
    if (options.path === undefined && WILDCARDS.has(options.host) && options.port !== undefined)
      args[0] = { ...options, host: hostFor(options.port) };
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback])
    if (typeof args[1] === 'string') {
      if (WILDCARDS.has(args[1])) args[1] = hostFor(first);
    } else args.splice(1, 0, hostFor(first));
  }
  return (originalListen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof net.Server.prototype.listen;
