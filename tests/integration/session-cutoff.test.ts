import { once } from 'node:events';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../server/http/app-context.ts';
import { operatorsCapability } from '../../server/operators/operators-capability.ts';
import { zeroSyncProxy } from '../../server/zero/zero-sync-proxy.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { cookieFor } from './permissions-harness.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// Issue 14.6: a session that ends stops receiving data at once. Before, its sync websocket stayed open
// through the proxy until zero-cache next called /api/zero/query (about 8 s of live data).
let db: TestDatabase;
let deps: AppDeps;
let app: ReturnType<typeof createTestApp>;
let upstream: http.Server;
let api: ReturnType<typeof serve>;
let proxy: ReturnType<typeof zeroSyncProxy>;
let origin = '';
let upstreamUrl = '';

beforeAll(async () => {
  db = await createTestDatabase();
  deps = createTestDeps(db);
  app = createTestApp(deps, [operatorsCapability(deps)]);
  await db.pool.query(`INSERT INTO operator (id, name, email, role) VALUES
    ('op-admin', 'Ada', 'ada@example.com', 'admin'), ('op-olga', 'Olga', 'olga@example.com', 'operator')`);
  // zero-cache's stand-in: upgrades and keeps the socket open, echoing bytes.
  upstream = http.createServer();
  upstream.on('upgrade', (_req: IncomingMessage, socket: Duplex) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  api = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(api, 'listening');
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  // Its periodic check far away: revocations must arrive by announcement.
  proxy = zeroSyncProxy(deps, upstreamUrl, 3_600_000);
  api.on('upgrade', proxy);
  await proxy.listening;
  origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await proxy?.close();
  api?.close();
  upstream?.close();
  await db?.drop();
});

/** An upgraded sync websocket through the proxy, proven open by an echo. */
const openSync = (cookie: string) =>
  new Promise<Duplex>((resolve, reject) => {
    const req = http.request(`${origin}/zero/sync/v51/connect?clientID=c&clientGroupID=g&ts=1&lmid=0`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        origin,
        cookie,
      },
    });
    req.on('error', reject);
    req.on('response', (res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    req.on('upgrade', (_res, socket) => {
      socket.once('data', () => resolve(socket));
      socket.write('ping');
    });
    req.end();
  });
const closed = (socket: Duplex) => (socket.destroyed ? Promise.resolve() : once(socket, 'close'));
const post = (path: string, cookie: string, body?: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: {
      host: new URL(origin).host,
      cookie,
      origin,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const sessionOk = async (cookie: string) =>
  (await app.request('/api/auth/session', { headers: { cookie } })).status === 200;

describe('a session that ends is cut off from sync at once', () => {
  it('on sign-out', async () => {
    const cookie = await cookieFor(db.pool, 'op-olga');
    const socket = await openSync(cookie);
    expect((await post('/api/auth/logout', cookie)).status).toBe(200);
    await closed(socket);
  });

  it("when an admin signs an operator out everywhere; the admin's own connection stays", async () => {
    const olga = await cookieFor(db.pool, 'op-olga');
    const admin = await cookieFor(db.pool, 'op-admin');
    const olgaSocket = await openSync(olga);
    const adminSocket = await openSync(admin);
    expect((await post('/api/settings/operators/op-olga/revoke-sessions', admin)).status).toBe(200);
    await closed(olgaSocket);
    expect(await sessionOk(olga)).toBe(false);
    expect(adminSocket.destroyed).toBe(false);
    adminSocket.destroy();
  });

  it('when operators sign themselves out everywhere: every browser of theirs, not other operators', async () => {
    const laptop = await cookieFor(db.pool, 'op-olga');
    const tablet = await cookieFor(db.pool, 'op-olga');
    const admin = await cookieFor(db.pool, 'op-admin');
    const sockets = [await openSync(laptop), await openSync(tablet)];
    const adminSocket = await openSync(admin);
    expect((await post('/api/auth/logout', laptop, { everywhere: true })).status).toBe(200);
    await Promise.all(sockets.map(closed));
    expect(await sessionOk(laptop)).toBe(false);
    expect(await sessionOk(tablet)).toBe(false);
    expect(await sessionOk(admin)).toBe(true);
    expect(adminSocket.destroyed).toBe(false);
    adminSocket.destroy();
  });

  it('when it goes idle or its operator is deactivated while its websocket is open (periodic check)', async () => {
    const checking = zeroSyncProxy(deps, upstreamUrl, 100);
    api.removeListener('upgrade', proxy);
    api.on('upgrade', checking);
    try {
      const idle = await openSync(await cookieFor(db.pool, 'op-olga'));
      await db.pool.query(
        `UPDATE private.session SET last_used_at = now() - interval '13 hours' WHERE operator_id = 'op-olga'`,
      );
      await closed(idle);
      const deactivated = await openSync(await cookieFor(db.pool, 'op-olga'));
      await db.pool.query(`UPDATE operator SET active = false WHERE id = 'op-olga'`);
      await closed(deactivated);
    } finally {
      api.removeListener('upgrade', checking);
      api.on('upgrade', proxy);
      await checking.close();
    }
  });
});
