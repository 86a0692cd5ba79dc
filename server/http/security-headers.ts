import type { MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';

/**
 * Defence in depth for customer text: no inline scripts, only our origin and zero-cache's websocket.
 * (Rendering customer text as text is the primary defence; this CSP is the net under it.) The one inline
 * script we serve, the API docs' start-up call, carries the request's nonce (api-docs.ts); no page may
 * be framed (clickjacking), and no script, style, font or image comes from another origin.
 */
export function securityHeaders(zeroOrigins: string[]): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'blob:'],
      connectSrc: ["'self'", ...zeroOrigins],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    crossOriginEmbedderPolicy: false,
  });
  // A route that sets a stricter policy of its own (files served to the browser: sandbox) keeps it.
  return async (c, next) => {
    let own: string | null = null;
    await headers(c, async () => {
      await next();
      own = c.res.headers.get('Content-Security-Policy');
    });
    if (own) c.res.headers.set('Content-Security-Policy', own);
  };
}
