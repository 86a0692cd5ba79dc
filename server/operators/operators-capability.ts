import type { Capability } from '../capability.ts';
import type { AppDeps } from '../http/app-context.ts';
import { runEvery } from '../runtime/run-every.ts';
import { heartbeatRoute } from './heartbeat-route.ts';
import { inviteRoutes } from './invite-routes.ts';
import { operatorRoutes } from './operator-routes.ts';
import { sweepConversationViewers, sweepPresence } from './presence-sweeper.ts';

/** Both presence sweeps are idempotent, so several API processes may all run them. */
const PRESENCE_SWEEP_MS = 30_000;

/** Operator administration, invite links, browsers' heartbeats and the sweeper that turns silence offline. */
export function operatorsCapability(deps: AppDeps): Capability {
  return {
    routes: [operatorRoutes(deps), inviteRoutes(deps), heartbeatRoute(deps)],
    start: async () =>
      runEvery(
        PRESENCE_SWEEP_MS,
        () => Promise.all([sweepPresence(deps.pool), sweepConversationViewers(deps.pool)]),
        (err) => deps.log('warn', 'presence sweep failed', { error: err.message }),
      ),
  };
}
