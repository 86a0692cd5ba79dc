import type { MiddlewareHandler } from 'hono';
import { apiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/app-context.ts';
import { zeroContextFor } from '../zero/zero-context.ts';
import { SCALAR_SCRIPT_PATH } from './api-docs.ts';
import type { ApiEnv } from './api-route-kit.ts';
import { authenticateApiToken } from './api-tokens.ts';
import { createRateLimiter } from './rate-limit.ts';

export const REQUESTS_PER_MINUTE = 600;

const PUBLIC_PATHS = new Set(['/api/v1/openapi.json', '/api/v1/docs', '/api/v1/docs/', SCALAR_SCRIPT_PATH]);

/**
 * Bearer API token → the token's operator as a Zero context (the same one the UI's queries and
 * mutators get), limited to REQUESTS_PER_MINUTE per token. The OpenAPI document and its viewer are public.
 */
export function apiTokenAuth(deps: AppDeps): MiddlewareHandler<ApiEnv> {
  const limiter = createRateLimiter(REQUESTS_PER_MINUTE, 60_000);
  return async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      c.header('WWW-Authenticate', 'Bearer realm="cdesk"');
      return apiError(c, 401, 'unauthenticated', 'Send an API token: Authorization: Bearer <token>.');
    }
    const caller = await authenticateApiToken(deps.pool, match[1]);
    if (!caller) {
      c.header('WWW-Authenticate', 'Bearer realm="cdesk", error="invalid_token"');
      return apiError(c, 401, 'invalid_token', 'This API token is unknown or was revoked.');
    }
    const taken = limiter.take(caller.tokenId);
    if (!taken.ok) {
      c.header('Retry-After', String(taken.retryAfterSec));
      return apiError(
        c,
        429,
        'rate_limited',
        `More than ${REQUESTS_PER_MINUTE} requests a minute for this token.`,
      );
    }
    c.set('caller', caller);
    c.set(
      'ctx',
      await zeroContextFor(deps.pool, {
        sessionId: `api-token:${caller.tokenId}`,
        operatorId: caller.operatorId,
        name: caller.name,
        email: '',
        role: caller.role,
        canSendTemplates: caller.canSendTemplates,
        channelScope: caller.channelScope,
      }),
    );
    return next();
  };
}
