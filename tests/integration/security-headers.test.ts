import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCALAR_SCRIPT_PATH } from '../../server/api-v1/api-docs.ts';
import { apiV1Capability } from '../../server/api-v1/api-v1-capability.ts';
import { createApp } from '../../server/app.ts';
import { staticClient } from '../../server/http/static-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createTestDeps } from './test-app.ts';

// Issue 14.3: a CSP on every page (app, docs, simulator, invite) with frame-ancestors 'none'; the API
// docs from our own pinned script (it loaded an unpinned one from a CDN, with no CSP); no public maps.
let db: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = await createTestDatabase();
  const deps = createTestDeps(db);
  app = createApp(deps, { serveClient: true, extraRoutes: apiV1Capability(deps).routes ?? [] });
});
afterAll(() => db?.drop());

const csp = (res: Response) => res.headers.get('content-security-policy') ?? '';

describe('security headers', () => {
  it('every page and answer carries a CSP that forbids framing and foreign scripts', async () => {
    for (const path of [
      '/',
      '/invite/some-token',
      '/simulator',
      '/api/v1/docs',
      '/api/v1/openapi.json',
      '/api/auth/session',
    ]) {
      const res = await app.request(path);
      const policy = csp(res);
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(policy, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=_-]+'(;|$)/);
      expect(policy, path).toContain("object-src 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('the API docs load only our own pinned script, their inline start-up carrying the nonce', async () => {
    const res = await app.request('/api/v1/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(csp(res))?.[1];
    expect(nonce).toBeTruthy();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) {
      expect(attrs).toContain(`nonce="${nonce}"`);
      const src = /src="([^"]+)"/.exec(attrs)?.[1];
      if (src) expect(src).toBe(SCALAR_SCRIPT_PATH);
    }
    expect(html).not.toMatch(/https?:\/\/(cdn|fonts)\./);

    const script = await app.request(SCALAR_SCRIPT_PATH);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-encoding')).toBe('gzip');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const js = gunzipSync(Buffer.from(await script.arrayBuffer())).toString('utf8');
    expect(js).toContain('createApiReference');
  });

  it('source maps are not served, the bundles are', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'cdesk-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(path.join(dist, 'assets', 'index-abc.js.map'), '{"sources":["secret.ts"]}');
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html>');
    const client = staticClient(dist);
    expect((await client.request('/assets/index-abc.js')).status).toBe(200);
    expect((await client.request('/assets/index-abc.js.map')).status).toBe(404);
  });
});
