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
import { securityHeaders } from './http/security-headers.ts';
import { staticClient } from './http/static-client.ts';
import { zeroMutateRoute } from './zero/mutate-route.ts';
import { zeroQueryRoute } from './zero/query-route.ts';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

export type AppOptions = { serveClient: boolean; extraRoutes?: Hono<AppBindings>[] };

export function createApp(deps: AppDeps, options: AppOptions = { serveClient: true }) {
  const app = new Hono<AppBindings>();
  app.onError((err, c) => {
    deps.log('error', 'unhandled error', { path: c.req.path, error: err.message, stack: err.stack });
    return apiError(c, 500, 'internal', 'Something went wrong on our side; it has been logged.');
  });
  app.route('/', healthRoute(deps));
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

  if (options.serveClient) {
    const zeroOrigins = deps.env.ZERO_PUBLIC_URL
      ? [deps.env.ZERO_PUBLIC_URL, deps.env.ZERO_PUBLIC_URL.replace(/^http/, 'ws')]
      : [`ws://*:${deps.env.ZERO_PORT}`, `http://*:${deps.env.ZERO_PORT}`];
    app.use('*', securityHeaders(zeroOrigins));
    app.route('/', staticClient(distDir));
  }
  return app;
}
