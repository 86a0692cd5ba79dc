import type { Capability } from '../capability.ts';
import type { AppDeps } from '../http/app-context.ts';
import { customerRoutes } from './customer-routes.ts';
import { graphRoutes } from './graph-routes.ts';
import { meta2026Routes } from './meta-2026-routes.ts';
import { createSimulatorEngine, type SimulatorEngine, type SimulatorOptions } from './simulator-engine.ts';

export type SimulatorCapability = Capability & { engine: SimulatorEngine };

/**
 * The built-in WhatsApp Cloud API simulator: Graph endpoints for channels in simulator mode
 * (/simulator-api/graph/<the channel's version>, see channel-config.ts resolveGraphUrl), Meta-like webhooks to
 * /webhooks/whatsapp, and the customer-phone API behind the /simulator page. Off in production.
 */
export function simulatorCapability(deps: AppDeps, options: SimulatorOptions = {}): SimulatorCapability {
  const engine = createSimulatorEngine(deps, options);
  return {
    engine,
    routes: [graphRoutes(engine), customerRoutes(engine), meta2026Routes(engine)],
    start: async () => {
      if (engine.enabled())
        deps.log('info', 'WhatsApp simulator ready', { graph: '/simulator-api/graph/{version}' });
      return async () => {
        // Let webhooks due within a moment go out, then drop the rest (the simulator keeps no queue).
        await Promise.race([engine.dispatcher.idle(), new Promise((r) => setTimeout(r, 2_000))]);
        engine.dispatcher.stop();
      };
    },
  };
}
