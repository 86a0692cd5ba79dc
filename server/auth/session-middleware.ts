import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { findSession, SESSION_COOKIE } from './session-store.ts';

/** Resolves the operator from the session cookie (also forwarded by zero-cache); never rejects. */
export function sessionMiddleware(deps: AppDeps): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    c.set(
      'operator',
      await findSession(deps.pool, getCookie(c, SESSION_COOKIE), deps.env.SESSION_IDLE_MINUTES),
    );
    await next();
  };
}

export const requireAdmin: MiddlewareHandler<AppBindings> = async (c, next) => {
  const op = c.get('operator');
  if (!op) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
  if (op.role !== 'admin') return apiError(c, 403, 'forbidden', 'Only administrators may do this.');
  await next();
};
