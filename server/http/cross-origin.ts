/**
 * Whether a request comes from a page of our own origin, for cookie-authenticated writes and the sync
 * websocket (CSRF and cross-site websocket hijacking). The rule follows Go's CrossOriginProtection:
 * - an `Origin` header must name the public URL (PUBLIC_URL) or the host the request was sent to
 *   (`X-Forwarded-Host` when a proxy in front of us, or our own sync proxy via zero-cache, set it;
 *   otherwise `Host`), over the same scheme (PUBLIC_URL's, or `X-Forwarded-Proto` when a proxy set it).
 *   Browsers cannot set these headers cross-origin without a CORS preflight we never grant, so none can
 *   be forged by the page we defend against;
 * - without `Origin`, `Sec-Fetch-Site` must say `same-origin` or `none` (typed URL, bookmark);
 * - with neither, the request is not from a browser (curl, zero-cache without a browser behind it, a
 *   server), and a browser's ambient cookie cannot be abused by it: allowed.
 */
export type CrossOriginVerdict = { ok: true } | { ok: false; reason: string };

export function crossOriginVerdict(
  header: (name: string) => string | undefined,
  publicUrl: string | undefined,
): CrossOriginVerdict {
  const origin = header('origin');
  if (origin !== undefined) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return { ok: false, reason: `Origin "${origin.slice(0, 100)}" is not allowed.` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return { ok: false, reason: `Origin "${origin.slice(0, 100)}" is not allowed.` };
    const refused: CrossOriginVerdict = { ok: false, reason: `Origin ${url.origin} is not allowed.` };
    if (publicUrl) {
      const ours = new URL(publicUrl);
      if (url.origin === ours.origin) return { ok: true };
      // The public host over the other scheme (an http page where the app is https) is another origin:
      // whoever answers plain http on the way must not write with the https cookie.
      if (url.host === ours.host) return refused;
    }
    const target = firstValue(header('x-forwarded-host')) ?? header('host');
    if (!target || url.host.toLowerCase() !== target.toLowerCase()) return refused;
    // Behind a proxy, the scheme the browser used is the one it forwarded; without one, Host carries no scheme.
    const scheme = firstValue(header('x-forwarded-proto'))?.toLowerCase();
    if (scheme && `${scheme}:` !== url.protocol) return refused;
    return { ok: true };
  }
  const site = header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return { ok: false, reason: `A ${site} request is not allowed.` };
  return { ok: true };
}

/** A proxy chain appends values ("a, b"): the first is what the browser addressed (host) or used (scheme). */
export function firstValue(value: string | undefined): string | undefined {
  const first = value?.split(',')[0]?.trim();
  return first ? first : undefined;
}
