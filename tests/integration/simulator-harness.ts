// The product and its WhatsApp simulator in one process, wired without a port: the simulator's
// webhooks go through app.request, and Graph calls (GraphClient, media worker) are routed to the app.
import type { Hono } from 'hono';
import { prepareSimulatorChannels } from '../../server/channels/bootstrap-channels.ts';
import { loadChannelConfig } from '../../server/channels/channel-config.ts';
import type { AppBindings, AppDeps } from '../../server/http/app-context.ts';
import { inboundCapability } from '../../server/inbound/inbound-capability.ts';
import { createMediaDownloadWorker, type MediaWorker } from '../../server/media/media-download-worker.ts';
import { bootstrapAdmin } from '../../server/seed/bootstrap-admin.ts';
import type { PhoneMessage } from '../../server/simulator/customer-routes.ts';
import { simulatorCapability } from '../../server/simulator/simulator-capability.ts';
import { INSTANT_CONFIG, type SimulatorConfig } from '../../server/simulator/simulator-config.ts';
import type { SimulatorEngine } from '../../server/simulator/simulator-engine.ts';
import { GraphClient } from '../../server/whatsapp/graph-client.ts';
import type { TestDatabase } from '../support/test-database.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

/** The simulator API's answers as tests read them (each test checks the status first). */
export type SimJson = {
  customer: { waId: string; profileName: string };
  wamid: string;
  read: number;
  messages: PhoneMessage[];
  error: { code: string; message: string };
};

export const SIM_PNID = '100000000000001';
export const SIM_WABA = '200000000000001';
export const SIM_CHANNEL = 'ch-sim';

export type SimHarness = {
  deps: AppDeps;
  app: Hono<AppBindings>;
  engine: SimulatorEngine;
  /** fetch for code that calls the Graph API (or anything) by absolute URL: answered by the app. */
  fetch: typeof fetch;
  graph: (token?: string) => Promise<GraphClient>;
  media: MediaWorker;
  /** Calls the simulator's customer API, signed in (or with the given cookie; '' for none). */
  sim: (
    method: string,
    path: string,
    body?: unknown,
    cookie?: string,
  ) => Promise<{ status: number; json: SimJson }>;
  idle: () => Promise<void>;
  login: () => Promise<string>;
};

export async function createSimHarness(
  db: TestDatabase,
  options: {
    config?: Partial<SimulatorConfig>;
    random?: () => number;
    env?: Record<string, string>;
    mode?: 'simulator' | 'meta';
  } = {},
): Promise<SimHarness> {
  const deps = createTestDeps(db, options.env);
  await db.pool.query(
    `INSERT INTO channel (id, slot, display_phone_number, phone_number_id, waba_id, graph_url, mode, health)
     VALUES ($1, 1, '+1 555 010 0100', $2, $3, 'simulator', $4, 'ok') ON CONFLICT (id) DO NOTHING`,
    [SIM_CHANNEL, SIM_PNID, SIM_WABA, options.mode ?? 'simulator'],
  );
  await db.pool.query('INSERT INTO channel_stats (channel_id) VALUES ($1) ON CONFLICT DO NOTHING', [
    SIM_CHANNEL,
  ]);
  await prepareSimulatorChannels(db.pool, deps.secretBox);
  let app: Hono<AppBindings> | null = null;
  const fetchViaApp: typeof fetch = async (input, init) => {
    if (!app) throw new Error('app not ready');
    const url = input instanceof Request ? input.url : String(input);
    const answer = Promise.resolve(app.request(url, init));
    const signal = init?.signal;
    if (!signal) return answer;
    // In process, nothing would cut the request short: honour the caller's timeout like a network would.
    return new Promise<Response>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      answer.then(resolve, reject);
    });
  };
  const simulator = simulatorCapability(deps, {
    config: { ...INSTANT_CONFIG, ...options.config },
    random: options.random ?? Math.random,
    deliver: async (body, signature) => {
      const res = await fetchViaApp('http://127.0.0.1/webhooks/whatsapp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      });
      return res.status;
    },
  });
  app = createTestApp(deps, [inboundCapability(deps, { mediaWorker: false }), simulator]);
  const media = createMediaDownloadWorker(deps, { fetch: fetchViaApp, retryDelaysMs: [0, 0] });
  const graph = async (token?: string) => {
    const channel = await loadChannelConfig(db.pool, deps.secretBox, deps.env, { id: SIM_CHANNEL });
    if (!channel) throw new Error('no simulator channel');
    return new GraphClient({
      graphUrl: channel.graphUrl,
      accessToken: token ?? channel.accessToken ?? '',
      phoneNumberId: channel.phoneNumberId,
      wabaId: channel.wabaId,
      timeoutMs: 5_000,
      fetch: fetchViaApp,
    });
  };
  const login = async () => {
    await bootstrapAdmin(db.pool, 'sim-admin@example.com', 'simulator-password', 'Sim Admin');
    const res = await (app as Hono<AppBindings>).request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'sim-admin@example.com', password: 'simulator-password' }),
    });
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  // The simulator's customer API is for signed-in operators: one session for the harness's calls.
  let session: Promise<string> | null = null;
  const sim = async (method: string, path: string, body?: unknown, cookie?: string) => {
    session ??= login();
    const res = await (app as Hono<AppBindings>).request(`/simulator-api${path}`, {
      method,
      headers: {
        cookie: cookie ?? (await session),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as SimJson };
  };
  return {
    deps,
    app,
    engine: simulator.engine,
    fetch: fetchViaApp,
    graph,
    media,
    sim,
    idle: () => simulator.engine.dispatcher.idle(),
    login,
  };
}
