import { once } from 'node:events';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilities } from '../../server/capabilities.ts';
import type { AppDeps } from '../../server/http/app-context.ts';
import { DEMO_PASSWORD, seedDemoWorkspace } from '../../server/seed/demo-workspace.ts';
import { zeroSyncProxy } from '../../server/zero/zero-sync-proxy.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// Issue 14: a page on another origin (another port of the same host included) must not sign in or out,
// write with the operator's cookie, or open the sync websocket; JSON only as application/json.
const HOST = 'localhost:3000';
const OURS = `http://${HOST}`;
const EVIL = 'http://localhost:8080';

let db: TestDatabase;
let deps: AppDeps;
let app: ReturnType<typeof createTestApp>;
let adminCookie = '';

const login = (
  headers: Record<string, string>,
  body = { email: 'admin@demo.cdesk.local', password: DEMO_PASSWORD },
) =>
  app.request('/api/auth/login', {
    method: 'POST',
    headers: { host: HOST, ...headers },
    body: JSON.stringify(body),
  });
const sessionOk = async (cookie: string) =>
  (await app.request('/api/auth/session', { headers: { host: HOST, cookie } })).status === 200;
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoWorkspace(db.pool);
  deps = createTestDeps(db);
  app = createTestApp(deps, capabilities(deps));
  adminCookie = cookieOf(await login({ 'content-type': 'application/json', origin: OURS }));
  expect(await sessionOk(adminCookie)).toBe(true);
});
afterAll(async () => db?.drop());

describe('Origin and CSRF on HTTP', () => {
  it('refuses a sign-in from another origin (another port of the same host) and creates no session', async () => {
    const before = await db.pool.query('SELECT count(*)::int AS n FROM private.session');
    const res = await login({ 'content-type': 'application/json', origin: EVIL });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('cross_origin');
    expect(res.headers.get('set-cookie')).toBeNull();
    const crossSite = await login({ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const after = await db.pool.query('SELECT count(*)::int AS n FROM private.session');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses JSON sent as text/plain (what a cross-site form or simple fetch can send) with 415', async () => {
    const res = await login({ 'content-type': 'text/plain;charset=UTF-8', origin: OURS });
    expect(res.status).toBe(415);
    const put = await app.request('/api/settings/whatsapp', {
      method: 'PUT',
      headers: { host: HOST, origin: OURS, cookie: adminCookie, 'content-type': 'text/plain' },
      body: JSON.stringify({ displayPhoneNumber: '+1 555 0100' }),
    });
    expect(put.status).toBe(415);
  });

  it('signs in from our own origin, from PUBLIC_URL behind a proxy, and from a non-browser client', async () => {
    expect((await login({ 'content-type': 'application/json', origin: OURS })).status).toBe(200);
    expect(
      (await login({ 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' })).status,
    ).toBe(200);
    expect((await login({ 'content-type': 'application/json' })).status).toBe(200);
    const proxied = createTestApp(createTestDeps(db, { PUBLIC_URL: 'https://chats.example.com' }));
    const res = await proxied.request('/api/auth/login', {
      method: 'POST',
      headers: {
        host: '127.0.0.1:3000',
        origin: 'https://chats.example.com',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ email: 'admin@demo.cdesk.local', password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
  });

  it('refuses a page served over plain http from the host whose public URL is https', async () => {
    // Whoever can answer http://chats.example.com (a network on the way, before HSTS) must not write
    // with the cookie of https://chats.example.com: same host, another origin.
    const proxied = createTestApp(createTestDeps(db, { PUBLIC_URL: 'https://chats.example.com' }));
    const attempt = (headers: Record<string, string>) =>
      proxied.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email: 'admin@demo.cdesk.local', password: DEMO_PASSWORD }),
      });
    const viaPublicHost = await attempt({ host: 'chats.example.com', origin: 'http://chats.example.com' });
    expect(viaPublicHost.status).toBe(403);
    const viaProxy = await attempt({
      host: '127.0.0.1:3000',
      'x-forwarded-host': 'chats.example.com',
      'x-forwarded-proto': 'https',
      origin: 'http://chats.example.com',
    });
    expect(viaProxy.status).toBe(403);
    // Without PUBLIC_URL a proxy's X-Forwarded-Proto still tells the scheme the browser used.
    const plain = await app.request('/api/auth/login', {
      method: 'POST',
      headers: {
        host: HOST,
        'x-forwarded-proto': 'https',
        origin: `http://${HOST}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ email: 'admin@demo.cdesk.local', password: DEMO_PASSWORD }),
    });
    expect(plain.status).toBe(403);
    expect((await attempt({ host: 'chats.example.com', origin: 'https://chats.example.com' })).status).toBe(
      200,
    );
  });

  it('refuses a cross-origin sign-out, REST write and upload made with the cookie; the session survives', async () => {
    const logout = await app.request('/api/auth/logout', {
      method: 'POST',
      headers: { host: HOST, origin: EVIL, cookie: adminCookie },
    });
    expect(logout.status).toBe(403);
    expect(await sessionOk(adminCookie)).toBe(true);

    const token = await app.request('/api/settings/api-tokens', {
      method: 'POST',
      headers: { host: HOST, origin: EVIL, cookie: adminCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'stolen' }),
    });
    expect(token.status).toBe(403);
    const form = new FormData();
    form.set('purpose', 'request');
    form.set(
      'file',
      new File([new Uint8Array([0x25, 0x50, 0x44, 0x46])], 'a.pdf', { type: 'application/pdf' }),
    );
    const upload = await app.request('/api/files', {
      method: 'POST',
      headers: { host: HOST, origin: EVIL, cookie: adminCookie },
      body: form,
    });
    expect(upload.status).toBe(403);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM private.api_token`);
    expect(rows[0].n).toBe(0);
  });

  it('checks the Origin zero-cache forwards to /api/zero/mutate against the host the browser addressed', async () => {
    const mutate = (origin: string) =>
      app.request('/api/zero/mutate?schema=x&appID=zero', {
        method: 'POST',
        // What zero-cache sends: the browser's Origin and cookie, the proxy's X-Forwarded-Host, our loopback Host.
        headers: {
          host: '127.0.0.1:3000',
          origin,
          'x-forwarded-host': HOST,
          cookie: adminCookie,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          clientGroupID: 'g',
          mutations: [],
          pushVersion: 1,
          timestamp: 1,
          requestID: 'r',
        }),
      });
    expect((await mutate(EVIL)).status).toBe(403);
    expect((await mutate(OURS)).status).not.toBe(403);
  });

  it('leaves Meta’s webhooks and bearer-token REST calls to their own authentication', async () => {
    const webhook = await app.request('/webhooks/whatsapp', {
      method: 'POST',
      headers: { host: HOST, origin: EVIL, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(webhook.status).not.toBe(403);
    expect(webhook.status).not.toBe(415);
    const rest = await app.request('/api/v1/requests', {
      method: 'POST',
      headers: {
        host: HOST,
        origin: EVIL,
        authorization: 'Bearer not-a-token',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(rest.status).toBe(401);
  });
});

describe('the sync websocket on the public port', () => {
  let upstream: http.Server;
  let api: ReturnType<typeof serve>;
  let proxy: ReturnType<typeof zeroSyncProxy>;
  let port = 0;
  const seen: IncomingMessage['headers'][] = [];

  beforeAll(async () => {
    // zero-cache's stand-in: accepts any upgrade, records its headers, then echoes bytes.
    upstream = http.createServer();
    upstream.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
      seen.push(req.headers);
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
      socket.pipe(socket);
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    api = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(api, 'listening');
    proxy = zeroSyncProxy(deps, upstreamUrl);
    api.on('upgrade', proxy);
    port = (api.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await proxy?.close();
    api?.close();
    upstream?.close();
  });

  /** Opens the websocket handshake; resolves to the status and, once upgraded, what the far end echoes. */
  const open = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; echo?: string }>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        path,
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          ...headers,
        },
      });
      req.on('error', reject);
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      });
      req.on('upgrade', (res, socket) => {
        socket.once('data', (chunk: Buffer) => {
          socket.destroy();
          resolve({ status: res.statusCode ?? 0, echo: chunk.toString() });
        });
        socket.write('ping');
      });
      req.end();
    });
  const connect = '/zero/sync/v51/connect?clientID=c&clientGroupID=g&ts=1&lmid=0';

  it('lets a same-origin bodiless DELETE or POST through over real HTTP (no Content-Type needed)', async () => {
    const send = (method: string, path: string, headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    const origin = `http://127.0.0.1:${port}`;
    // As Chromium sends them: DELETE without framing headers, POST with Content-Length: 0.
    expect(await send('DELETE', '/api/settings/api-tokens/missing', { origin, cookie: adminCookie })).toBe(
      404,
    );
    const revoke = await send('POST', '/api/settings/operators/missing/revoke-sessions', {
      origin,
      cookie: adminCookie,
      'content-length': '0',
    });
    expect(revoke).toBe(200);
  });

  it('refuses a cross-origin upgrade before it reaches zero-cache', async () => {
    const count = seen.length;
    const res = await open(connect, { host: `127.0.0.1:${port}`, origin: EVIL, cookie: adminCookie });
    expect(res.status).toBe(403);
    expect(seen.length).toBe(count);
  });

  it('refuses an upgrade without a valid session and anything but the sync endpoint', async () => {
    const origin = `http://127.0.0.1:${port}`;
    expect((await open(connect, { origin })).status).toBe(401);
    expect((await open(connect, { origin, cookie: 'cdesk_session=forged' })).status).toBe(401);
    const changes = await open('/zero/replication/v1/changes', { origin, cookie: adminCookie });
    expect(changes.status).toBe(404);
  });

  it('relays a same-origin upgrade to zero-cache with the session cookie and the host the browser used', async () => {
    const res = await open(connect, { origin: `http://127.0.0.1:${port}`, cookie: adminCookie });
    expect(res).toEqual({ status: 101, echo: 'ping' });
    const headers = seen.at(-1);
    expect(headers?.cookie).toBe(adminCookie);
    expect(headers?.origin).toBe(`http://127.0.0.1:${port}`);
    expect(headers?.['x-forwarded-host']).toBe(`127.0.0.1:${port}`);
  });
});
