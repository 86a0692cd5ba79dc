import type { Capability } from '../capability.ts';
import type { AppDeps } from '../http/app-context.ts';
import { inviteRoutes } from './invite-routes.ts';
import { operatorRoutes } from './operator-routes.ts';
import { startPresenceSweeper } from './presence-sweeper.ts';

/** Operator administration, invite links, and the sweeper that turns silent operators offline. */
export function operatorsCapability(deps: AppDeps): Capability {
  return {
    routes: [operatorRoutes(deps), inviteRoutes(deps)],
    start: async () => startPresenceSweeper(deps.pool, deps.log),
  };
}
