import { auditRoutes } from '../audit/audit-routes.ts';
import type { Capability } from '../capability.ts';
import type { AppDeps } from '../http/app-context.ts';
import { settingsRoutes } from './settings-routes.ts';

/** Global Settings: the WhatsApp Business link and the audit viewer's sign-in attempts. */
export function settingsCapability(deps: AppDeps): Capability {
  return { routes: [settingsRoutes(deps), auditRoutes(deps)] };
}
