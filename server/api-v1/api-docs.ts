import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Scalar } from '@scalar/hono-api-reference';
import type { Context } from 'hono';
import type { ApiApp } from './api-route-kit.ts';

// The API reference viewer's script, pinned and served from our own origin (no CDN, issue 14.3): a
// changed file is refused at start-up rather than served.
const SCALAR_VERSION = '1.76.4';
const SCALAR_SHA256 = 'dacfb5cbb654ae284e4006549e9bd8393c825220e692f4e1514b85aea42d8dfe';
const SCALAR_SCRIPT_ROUTE = `/docs/scalar-api-reference-${SCALAR_VERSION}.js`;
export const SCALAR_SCRIPT_PATH = `/api/v1${SCALAR_SCRIPT_ROUTE}`;

function loadPinnedScript(): Buffer {
  const gz = readFileSync(
    new URL(`./docs-assets/scalar-api-reference-${SCALAR_VERSION}.js.gz`, import.meta.url),
  );
  const digest = createHash('sha256').update(gz).digest('hex');
  if (digest !== SCALAR_SHA256)
    throw new Error(`API docs script does not match its pinned hash (${digest}).`);
  return gz;
}

/**
 * `/api/v1/docs`: Scalar's viewer for the OpenAPI document. Its inline start-up script carries the CSP
 * nonce of the request (security-headers.ts), the bundle comes from SCALAR_SCRIPT_PATH, and no fonts or
 * other resources are fetched from elsewhere.
 */
export function registerApiDocs(app: ApiApp) {
  const script = loadPinnedScript();
  app.get(SCALAR_SCRIPT_ROUTE, (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Content-Encoding', 'gzip');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(new Uint8Array(script));
  });
  app.get(
    '/docs',
    Scalar((c: Context) => ({
      url: '/api/v1/openapi.json',
      pageTitle: 'CDESK Chats API',
      cdn: SCALAR_SCRIPT_PATH,
      nonce: c.get('secureHeadersNonce') as string | undefined,
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
    })),
  );
}
