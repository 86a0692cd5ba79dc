import type { Capability } from '../capability.ts';
import type { AppDeps } from '../http/app-context.ts';
import { apiTokenRoutes } from './api-token-routes.ts';
import { apiV1App } from './api-v1-app.ts';

/** The public REST API (/api/v1, bearer tokens) and its token administration in Global Settings. */
export function apiV1Capability(deps: AppDeps): Capability {
  return { routes: [apiV1App(deps) as never, apiTokenRoutes(deps)] };
}
