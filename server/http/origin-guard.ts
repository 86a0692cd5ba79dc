import type { MiddlewareHandler } from 'hono';
import { apiError } from './api-error.ts';
import type { AppBindings, AppDeps } from './app-context.ts';
import { crossOriginVerdict } from './cross-origin.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for every state-changing request (login and logout included): the Origin rule of
 * cross-origin.ts, and JSON bodies only as `application/json` (a cross-site form or a "simple" fetch can
 * send text/plain, never application/json, without a CORS preflight we never grant).
 *
 * Not subject to it: Meta's webhooks (`/webhooks/`, authenticated by their HMAC signature, sent by a
 * server) and the REST API called with an API token (`/api/v1` with `Authorization: Bearer`; a browser
 * never attaches that header by itself, so it cannot be abused cross-site). File uploads are multipart by
 * design and keep the Origin rule.
 */
export function originGuard(deps: AppDeps): MiddlewareHandler<AppBindings> {
  const publicUrl = deps.env.PUBLIC_URL;
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const path = c.req.path;
    if (path.startsWith('/webhooks/')) return next();
    if (path.startsWith('/api/v1/') && /^bearer\s/i.test(c.req.header('authorization') ?? '')) return next();

    const verdict = crossOriginVerdict((name) => c.req.header(name), publicUrl);
    if (!verdict.ok) {
      deps.log('warn', 'cross-origin request refused', {
        method: c.req.method,
        path,
        origin: c.req.header('origin'),
        reason: verdict.reason,
      });
      return apiError(c, 403, 'cross_origin', `${verdict.reason} Use the app from its own address.`);
    }
    if (isJsonRoute(path) && hasBody(c.req.raw) && !isJson(c.req.header('content-type'))) {
      return apiError(c, 415, 'unsupported_media_type', 'Send the body as application/json.');
    }
    return next();
  };
}

/**
 * Routes whose bodies are JSON: the API (except the multipart upload) and the simulator's customer API
 * (not its Graph API stand-in, which takes multipart media uploads as Meta's does).
 */
function isJsonRoute(path: string): boolean {
  if (path === '/api/files' || path.startsWith('/simulator-api/graph/')) return false;
  return path.startsWith('/api/') || path.startsWith('/simulator-api/');
}

/**
 * HTTP/1.1 framing: a body has a Content-Length or a Transfer-Encoding (a browser's DELETE or bodiless
 * POST has neither, though the Request object node-server builds still carries an empty stream). A
 * request built in-process carries neither either: there a declared Content-Type means a body.
 */
function hasBody(req: Request): boolean {
  const length = req.headers.get('content-length');
  if (length !== null) return Number(length) > 0;
  return req.headers.has('transfer-encoding') || req.headers.has('content-type');
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}
