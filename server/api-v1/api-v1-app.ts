import { OpenAPIHono } from '@hono/zod-openapi';
import { zeroNodePg } from '@rocicorp/zero/server/adapters/pg';
import { bodyLimit } from 'hono/body-limit';
import { schema } from '../../schema/schema.ts';
import { apiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/app-context.ts';
import { registerApiDocs } from './api-docs.ts';
import type { ApiApp, ApiEnv, ApiRouteDeps } from './api-route-kit.ts';
import { apiTokenAuth } from './api-token-auth.ts';
import { registerConversationRoutes } from './conversations-routes.ts';
import { registerMessageRoutes } from './messages-routes.ts';
import { registerOperatorRoutes } from './operators-routes.ts';
import { type ApiPorts, defaultPorts } from './ports.ts';
import { refuseUnstorableText } from './refuse-unstorable-text.ts';
import { registerRequestRoutes } from './requests-routes.ts';

function createApiApp(): ApiApp {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return apiError(c, 400, 'invalid_request', 'The request is invalid.', {
          issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
    },
  }).basePath('/api/v1');
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token created by an administrator in Global Settings > API tokens.',
  });
  return app;
}

function registerDocs(app: ApiApp, deps: AppDeps) {
  app.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'CDESK Chats API',
      version: '1.0.0',
      description:
        'Conversations, messages and requests of the CDESK Chats (WhatsApp) module. Authenticate with `Authorization: Bearer <API token>`; tokens are created by administrators in Global Settings > API tokens and act with the permissions of their operator. Errors always have the shape `{"error":{"code","message","details?"}}`.',
    },
    servers: [{ url: deps.env.PUBLIC_URL ?? new URL(c.req.url).origin }],
  }));
  registerApiDocs(app);
}

/**
 * `/api/v1`: the public REST API for integrations. Bearer API tokens act as an operator, so the very
 * rules of the UI apply: the same visibility queries (module switch, channel scope), the same write
 * paths as the Zero mutators (read-only, template permission, 24-hour window), one error shape.
 * One file per resource (`<resource>-routes.ts`).
 */
export function apiV1App(deps: AppDeps, ports: ApiPorts = defaultPorts) {
  const app = createApiApp();
  app.use(
    '*',
    bodyLimit({ maxSize: 256 * 1024, onError: (c) => apiError(c, 413, 'too_large', 'Body too large.') }),
  );
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });
  app.use('*', apiTokenAuth(deps));
  app.use('*', refuseUnstorableText());

  const r: ApiRouteDeps = { deps, ports, zdb: zeroNodePg(schema, deps.pool) };
  registerConversationRoutes(app, r);
  registerMessageRoutes(app, r);
  registerRequestRoutes(app, r);
  registerOperatorRoutes(app, r);
  registerDocs(app, deps);

  app.all('*', (c) => apiError(c, 404, 'not_found', `No route ${c.req.method} ${c.req.path}.`));
  app.onError((err, c) => {
    deps.log('error', 'api v1 error', { path: c.req.path, error: err.message, stack: err.stack });
    return apiError(c, 500, 'internal', 'Something went wrong on our side; it has been logged.');
  });
  return app;
}
