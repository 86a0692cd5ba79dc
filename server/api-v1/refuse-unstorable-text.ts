import type { MiddlewareHandler } from 'hono';
import { apiError } from '../http/api-error.ts';
import { hasUnstorableText, isStorableString, RISKY_JSON_ESCAPE } from '../http/storable-text.ts';

const REFUSAL = 'Text may not contain NUL characters (U+0000) or unpaired surrogates.';

function decodedOrRaw(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Refuses, with 400 invalid_request, a path, query parameter or JSON body carrying characters Postgres
 * cannot store (server/http/storable-text.ts), before any route turns them into a failing query. An
 * integration learns what is wrong instead of getting a 500.
 */
export function refuseUnstorableText(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (!isStorableString(decodedOrRaw(url.pathname)))
      return apiError(c, 400, 'invalid_request', REFUSAL, { where: 'path' });
    for (const [k, v] of url.searchParams)
      if (!isStorableString(k) || !isStorableString(v))
        return apiError(c, 400, 'invalid_request', REFUSAL, { where: `query.${k}` });
    if (c.req.header('content-type')?.toLowerCase().includes('json')) {
      // Hono caches the text, so the route's JSON validator reads the same body afterwards.
      const text = await c.req.text();
      if (RISKY_JSON_ESCAPE.test(text)) {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined; // the route's validator answers malformed JSON
        }
        if (hasUnstorableText(json)) return apiError(c, 400, 'invalid_request', REFUSAL, { where: 'body' });
      }
    }
    await next();
  };
}
