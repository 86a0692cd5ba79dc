import type { ChannelConfig } from '../channels/channel-config.ts';
import { GraphClient } from '../whatsapp/graph-client.ts';
import { fetchWithCallbackData } from './delivery-evidence.ts';
import type { OutboxRuntime } from './outbox-runtime.ts';

/**
 * A Graph client for one channel (Meta, or the built-in simulator in simulator mode). With
 * `messageId`, message sends carry it as biz_opaque_callback_data (see delivery-evidence.ts).
 */
export function graphClientFor(rt: OutboxRuntime, channel: ChannelConfig, messageId?: string): GraphClient {
  const base = rt.settings.fetch ?? globalThis.fetch;
  return new GraphClient({
    graphUrl: channel.graphUrl,
    // The simulator accepts any token; meta-mode channels without one are marked broken before this.
    accessToken: channel.accessToken ?? 'simulator',
    phoneNumberId: channel.phoneNumberId,
    wabaId: channel.wabaId,
    timeoutMs: rt.settings.graphTimeoutMs,
    bsuidAddressField: channel.bsuidAddressField,
    fetch: messageId ? fetchWithCallbackData(base, messageId) : base,
  });
}
