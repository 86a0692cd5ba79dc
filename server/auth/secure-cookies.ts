import type { Env } from '../config/env.ts';

/**
 * Cookies carry `Secure` whenever the app is reached over https (PUBLIC_URL), not only with
 * NODE_ENV=production: a staging or demo install behind TLS must not leak the session over plain http.
 */
export function secureCookies(env: Env): boolean {
  return env.isProduction || (env.PUBLIC_URL?.startsWith('https:') ?? false);
}
