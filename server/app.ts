import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { loginRoute } from './auth/login-route.ts';
import { logoutRoute } from './auth/logout-route.ts';
import { sessionMiddleware } from './auth/session-middleware.ts';
import { sessionRoute } from './auth/session-route.ts';
import { apiError } from './http/api-error.ts';
import type { AppBindings, AppDeps } from './http/app-context.ts';
import { healthRoute } from './http/health-route.ts';
import { originGuard } from './http/origin-guard.ts';
import { securityHeaders } from './http/security-headers.ts';
import { staticClient } from './http/static-client.ts';
import { zeroMutateRoute } from './zero/mutate-route.ts';
import { zeroQueryRoute } from './zero/query-route.ts';
import { ZERO_SYNC_PATH } from './zero/zero-sync-proxy.ts';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

export type AppOptions = { serveClient: boolean; extraRoutes?: Hono<AppBindings>[] };

export function createApp(deps: AppDeps, options: AppOptions = { serveClient: true }) {
  const app = new Hono<AppBindings>();
  app.onError((err, c) => {
    deps.log('error', 'unhandled error', { path: c.req.path, error: err.message, stack: err.stack });
    return apiError(c, 500, 'internal', 'Something went wrong on our side; it has been logged.');
  });
  // Every answer carries the CSP and its companions (the app, the API docs, the simulator and invite
  // pages, JSON and files alike); the sync websocket is on our own origin ('self' covers ws: and wss:
  // there) unless ZERO_PUBLIC_URL.
  const zeroOrigins = deps.env.ZERO_PUBLIC_URL
    ? [deps.env.ZERO_PUBLIC_URL, deps.env.ZERO_PUBLIC_URL.replace(/^http/, 'ws')]
    : [];
  app.use('*', securityHeaders(zeroOrigins));
  app.route('/', healthRoute(deps));
  // Before every route, capabilities' included: cookie-authenticated writes need our Origin and JSON.
  app.use('*', originGuard(deps));
  // The sync websocket is taken over by main.ts's 'upgrade' listener; a plain request here is a mistake.
  app.all(`${ZERO_SYNC_PATH}/*`, (c) =>
    apiError(c, 426, 'upgrade_required', 'This is the sync websocket; open it as a websocket.'),
  );
  // Each capability mounts its own routes (webhooks need their own raw-body limits, so they come first).
  for (const r of options.extraRoutes ?? []) app.route('/', r);

  app.use(
    '/api/*',
    bodyLimit({ maxSize: 2 * 1024 * 1024, onError: (c) => apiError(c, 413, 'too_large', 'Body too large.') }),
  );
  app.use('/api/*', sessionMiddleware(deps));
  app.route('/', loginRoute(deps));
  app.route('/', logoutRoute(deps));
  app.route('/', sessionRoute(deps));
  app.route('/', zeroQueryRoute(deps));
  app.route('/', zeroMutateRoute(deps));
  app.all('/api/*', (c) => apiError(c, 404, 'not_found', `No route ${c.req.method} ${c.req.path}.`));

  if (options.serveClient) app.route('/', staticClient(distDir));
  return app;
}
