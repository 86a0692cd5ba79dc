// The simulator's shared state for one API process: configuration, randomness, the webhook
// dispatcher, channel lookups and the template catalog's live statuses.

import type { MetaTemplate } from '../../schema/whatsapp/template-schema.ts';
import { prepareSimulatorChannels } from '../channels/bootstrap-channels.ts';
import { type ChannelConfig, loadChannelConfig, selfOrigin } from '../channels/channel-config.ts';
import type { AppDeps } from '../http/app-context.ts';
import { REALISTIC_CONFIG, type SimulatorConfig } from './simulator-config.ts';
import { advanceSimStatus } from './simulator-store.ts';
import { SIMULATOR_TEMPLATES } from './template-catalog.ts';
import {
  createWebhookDispatcher,
  type DeliverWebhook,
  type WebhookDispatcher,
} from './webhook-dispatcher.ts';

export type SimulatorOptions = {
  config?: Partial<SimulatorConfig>;
  random?: () => number;
  /** How webhooks reach the product; defaults to a POST to this process's /webhooks/whatsapp. */
  deliver?: DeliverWebhook;
};

export type SimulatorEngine = {
  deps: AppDeps;
  config: SimulatorConfig;
  random: () => number;
  dispatcher: WebhookDispatcher;
  /** Simulator-mode channel by phone number id (secrets included), or null. */
  channel: (phoneNumberId: string) => Promise<ChannelConfig | null>;
  /** The simulator is off in production. */
  enabled: () => boolean;
  /**
   * Whether the customer-side simulator (its API and page) is on: outside production, and only while no
   * business number talks to Meta (then real customers write, and nobody should play one).
   */
  customerSideOn: () => Promise<boolean>;
  templates: () => MetaTemplate[];
  setTemplateStatus: (name: string, language: string, status: string) => MetaTemplate | null;
  setConfig: (patch: Partial<SimulatorConfig>) => SimulatorConfig;
};

export function createSimulatorEngine(deps: AppDeps, options: SimulatorOptions = {}): SimulatorEngine {
  const config: SimulatorConfig = { ...REALISTIC_CONFIG, ...options.config };
  const random = options.random ?? Math.random;
  const statusOverlay = new Map<string, string>();
  const cache = new Map<string, { at: number; channel: ChannelConfig | null }>();

  async function channel(phoneNumberId: string): Promise<ChannelConfig | null> {
    const hit = cache.get(phoneNumberId);
    if (hit && Date.now() - hit.at < 2_000) return hit.channel;
    let found = await loadChannelConfig(deps.pool, deps.secretBox, deps.env, { phoneNumberId });
    if (found?.mode === 'simulator' && (!found.appSecret || !found.accessToken || !found.verifyToken)) {
      // Switched to simulator mode since start-up: give it its generated secrets now.
      await prepareSimulatorChannels(deps.pool, deps.secretBox);
      found = await loadChannelConfig(deps.pool, deps.secretBox, deps.env, { phoneNumberId });
    }
    const result = found?.mode === 'simulator' ? found : null;
    cache.set(phoneNumberId, { at: Date.now(), channel: result });
    return result;
  }

  const deliver: DeliverWebhook =
    options.deliver ??
    (async (body, signature) => {
      const res = await fetch(`${selfOrigin(deps.env)}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
        signal: AbortSignal.timeout(20_000),
      });
      await res.arrayBuffer().catch(() => {});
      return res.status;
    });

  const dispatcher = createWebhookDispatcher({
    log: deps.log,
    deliver,
    config: () => config,
    random,
    channelFor: async (phoneNumberId) => {
      const c = await channel(phoneNumberId);
      return c?.appSecret
        ? { appSecret: c.appSecret, wabaId: c.wabaId, displayPhoneNumber: c.displayPhoneNumber }
        : null;
    },
    onDelivered: async (event) => {
      // What Meta told the business is what the phone shows (ticks), and the customer's own messages
      // count as delivered once the business's webhook took them.
      if (event.kind === 'status') {
        const s = event.status as { id: string; status: string; errors?: unknown[] };
        await advanceSimStatus(
          deps.pool,
          s.id,
          s.status,
          s.errors?.[0] ? { ...(s.errors[0] as object) } : null,
        );
      } else if (event.kind === 'message') {
        await advanceSimStatus(deps.pool, String(event.message.id), 'delivered');
      }
    },
  });

  const key = (name: string, language: string) => `${name}\n${language}`;
  const templates = () =>
    SIMULATOR_TEMPLATES.map((t) => ({
      ...t,
      status: statusOverlay.get(key(t.name, t.language)) ?? t.status,
    }));

  async function customerSideOn(): Promise<boolean> {
    if (deps.env.isProduction) return false;
    // Asked on every call (a handful of rows): switching a number to Meta turns the simulator off at once.
    const { rows } = await deps.pool.query(`SELECT 1 FROM channel WHERE mode = 'meta' LIMIT 1`);
    return rows.length === 0;
  }

  return {
    deps,
    config,
    random,
    dispatcher,
    channel,
    enabled: () => !deps.env.isProduction,
    customerSideOn,
    templates,
    setTemplateStatus(name, language, status) {
      const t = SIMULATOR_TEMPLATES.find((x) => x.name === name && x.language === language);
      if (!t) return null;
      statusOverlay.set(key(name, language), status);
      return { ...t, status };
    },
    setConfig(patch) {
      Object.assign(config, patch);
      return config;
    },
  };
}
