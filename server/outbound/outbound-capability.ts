import type { Capability } from '../capability.ts';
import type { AppDeps } from '../http/app-context.ts';
import { startOutboxWorker } from './outbox-worker.ts';
import { templatesRoute } from './templates-route.ts';

/** Replies to WhatsApp: the outbox worker (in every API process) and the template refresh route. */
export function outboundCapability(deps: AppDeps): Capability {
  return {
    routes: [templatesRoute(deps)],
    start: async () => {
      const worker = await startOutboxWorker(deps);
      return worker.stop;
    },
  };
}
