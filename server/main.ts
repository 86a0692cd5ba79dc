import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { capabilities } from './capabilities.ts';
import { loadEnv } from './config/env.ts';
import { createDeps } from './create-deps.ts';
import { zeroSyncProxy } from './zero/zero-sync-proxy.ts';

// The API process: stateless HTTP (auth, Zero query/mutate, webhooks, REST) plus background workers.
// Several can run side by side against one Postgres; scripts/start.ts runs one for local use.
const env = loadEnv();
if (!env.DATABASE_URL)
  throw new Error('DATABASE_URL is required for the API process (scripts/start.ts sets it).');
const deps = createDeps(env, env.DATABASE_URL);
const caps = capabilities(deps);
const app = createApp(deps, { serveClient: true, extraRoutes: caps.flatMap((c) => c.routes ?? []) });
const stops: Array<() => Promise<void>> = [];
for (const cap of caps) if (cap.start) stops.push(await cap.start());

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  deps.log('info', 'API listening', { port: info.port, pid: process.pid });
  process.send?.({ type: 'ready', port: info.port });
});
// The Zero sync websocket on this same port, relayed to zero-cache on loopback (one public origin).
const syncProxy = zeroSyncProxy(deps);
server.on('upgrade', syncProxy);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  deps.log('info', 'API stopping', { signal });
  server.close();
  await syncProxy.close();
  await Promise.allSettled(stops.map((s) => s()));
  await deps.pool.end().catch(() => {});
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
