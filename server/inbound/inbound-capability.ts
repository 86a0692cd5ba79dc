import type { Capability } from '../capability.ts';
import { createWebhookSecrets } from '../channels/webhook-secrets.ts';
import type { AppDeps } from '../http/app-context.ts';
import { fileRoute } from '../media/file-route.ts';
import { createMediaDownloadWorker, type MediaWorkerOptions } from '../media/media-download-worker.ts';
import { replayFailedWebhookEvents } from './replay-webhook-events.ts';
import { sweepPendingEvents } from './sweep-pending-events.ts';
import { whatsappWebhookRoute } from './whatsapp-webhook-route.ts';

export type InboundCapabilityOptions = {
  /** false: no background downloads (tests drive the worker themselves). */
  mediaWorker?: boolean | MediaWorkerOptions;
  sweepIntervalMs?: number;
};

/**
 * Meta's webhook (GET/POST /webhooks/whatsapp), inbound media (background downloads, GET /files/:id),
 * and the sweeper for events that arrived before their message. Background work runs in every API
 * process; it is safe to run several side by side.
 */
export function inboundCapability(deps: AppDeps, options: InboundCapabilityOptions = {}): Capability {
  const secrets = createWebhookSecrets(deps.pool, deps.secretBox);
  const workerOptions = typeof options.mediaWorker === 'object' ? options.mediaWorker : {};
  const media = createMediaDownloadWorker(deps, workerOptions);
  const runWorker = options.mediaWorker !== false;
  return {
    routes: [
      whatsappWebhookRoute(deps, {
        secrets,
        onApplied: (result) => {
          if (result.mediaQueued > 0) media.wake();
        },
      }),
      fileRoute(deps, { onRetry: () => media.wake() }),
    ],
    start: async () => {
      await replayFailedWebhookEvents(deps.pool, deps.log, { timeZone: deps.env.TIME_ZONE }).catch((err) =>
        deps.log('warn', 'replay of failed webhook events did not run', { error: (err as Error).message }),
      );
      if (runWorker) media.start();
      let sweeping: Promise<unknown> | null = null;
      const timer = setInterval(() => {
        sweeping ??= sweepPendingEvents(deps.pool)
          .catch((err) => deps.log('warn', 'pending event sweep failed', { error: (err as Error).message }))
          .finally(() => {
            sweeping = null;
          });
      }, options.sweepIntervalMs ?? 5_000);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await sweeping;
        await media.stop();
      };
    },
  };
}
