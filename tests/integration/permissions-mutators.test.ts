import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, installZeroUpstreamTables, zeroClient } from './permissions-harness.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// Custom mutations pushed through the real /api/zero/mutate route exactly as zero-cache pushes them, with
// arguments a modified client could send: the server refuses and nothing changes in Postgres.

let db: TestDatabase;
let app: ReturnType<typeof createTestApp>;
const client: Record<string, ReturnType<typeof zeroClient>> = {};
const one = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows[0];
const count = async (sql: string, params: unknown[] = []) => Number((await one(sql, params))?.n ?? 0);
const setModule = (on: boolean) => db.pool.query('UPDATE settings SET chats_enabled = $1', [on]);

const createRequest = (conversationId: string, sourceMessageId: string) => ({
  id: randomUUID(),
  name: 'From a modified client',
  description: 'x',
  conversationId,
  sourceMessageId,
  now: Date.now(),
});

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTwoChannels(db.pool);
  await installZeroUpstreamTables(db.pool);
  app = createTestApp(createTestDeps(db));
  for (const id of ['op-admin', 'op-olga', 'op-rita', 'op-sam']) {
    client[id] = zeroClient(app, await cookieFor(db.pool, id));
  }
});
afterAll(() => db?.drop());

const push = (who: string, name: string, args: unknown) => {
  const c = client[who];
  if (!c) throw new Error(`no client for ${who}`);
  return c(name, args);
};

describe('a read-only operator', () => {
  it('cannot create or change requests, and nothing is written', async () => {
    const before = await count('SELECT count(*) AS n FROM request');
    expect(
      await push('op-rita', 'requests.create', createRequest('cv-demo-1', 'msg-demo-1-in')),
    ).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(
      await push('op-rita', 'requests.update', { id: 'rq-demo', name: 'Hijacked', now: 1 }),
    ).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(
      await push('op-rita', 'requests.addPost', {
        id: randomUUID(),
        requestId: 'rq-demo',
        body: 'x',
        now: 1,
      }),
    ).toMatchObject({
      ok: false,
    });
    expect(await count('SELECT count(*) AS n FROM request')).toBe(before);
    expect((await one(`SELECT name FROM request WHERE id = 'rq-demo'`))?.name).toBe('Demo channel request');
    expect(await count(`SELECT count(*) AS n FROM request_post WHERE request_id = 'rq-demo'`)).toBe(0);
  });

  it('may still report presence and keep personal preferences', async () => {
    expect(await push('op-rita', 'presence.report', { presence: 'online', now: 1 })).toEqual({ ok: true });
    expect((await one(`SELECT presence FROM operator WHERE id = 'op-rita'`))?.presence).toBe('online');
    expect(await push('op-rita', 'preferences.update', { summaryOpen: false, now: 1 })).toEqual({ ok: true });
  });
});

describe('non-admins and Global Settings', () => {
  it('an operator cannot switch the module or change settings', async () => {
    for (const who of ['op-olga', 'op-rita', 'op-sam']) {
      expect(await push(who, 'settings.update', { chatsEnabled: false, now: 1 })).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
      expect(await push(who, 'settings.update', { handledDailyGoal: 1, now: 1 })).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
    }
    expect(await one(`SELECT chats_enabled, handled_daily_goal FROM settings`)).toEqual({
      chats_enabled: true,
      handled_daily_goal: 20,
    });
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action LIKE 'settings.%'`)).toBe(0);
  });

  it('an admin switches the module off and on, each change audited in the same transaction', async () => {
    expect(await push('op-admin', 'settings.update', { chatsEnabled: false, now: 1 })).toEqual({ ok: true });
    expect((await one('SELECT chats_enabled FROM settings'))?.chats_enabled).toBe(false);
    expect(await push('op-admin', 'settings.update', { chatsEnabled: true, now: 2 })).toEqual({ ok: true });
    const { rows } = await db.pool.query(
      `SELECT actor_id, action, details FROM audit_log WHERE action = 'settings.chats_module' ORDER BY at, id`,
    );
    expect(rows.map((r) => r.details.chatsEnabled)).toEqual([
      { from: true, to: false },
      { from: false, to: true },
    ]);
    expect(rows.every((r) => r.actor_id === 'op-admin')).toBe(true);
  });

  it('without the licence, not even an admin can switch the module on', async () => {
    const unlicensed = createTestApp(createTestDeps(db, { LICENSE_CHATS: 'false' }));
    const admin = zeroClient(unlicensed, await cookieFor(db.pool, 'op-admin'));
    await setModule(false);
    try {
      expect(await admin('settings.update', { chatsEnabled: true, now: 1 })).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
      expect((await one('SELECT chats_enabled FROM settings'))?.chats_enabled).toBe(false);
    } finally {
      await setModule(true);
    }
  });
});

describe('channel scope and the module switch in mutators', () => {
  it('a scoped operator cannot create a request on the other number’s conversation', async () => {
    const before = await count('SELECT count(*) AS n FROM request');
    const res = await push('op-sam', 'requests.create', createRequest('cv-demo-1', 'msg-demo-1-in'));
    expect(res.ok).toBe(false);
    expect(
      await push('op-sam', 'requests.update', { id: 'rq-demo', name: 'Hijacked', now: 1 }),
    ).toMatchObject({
      ok: false,
    });
    expect(await count('SELECT count(*) AS n FROM request')).toBe(before);
    expect((await one(`SELECT name FROM request WHERE id = 'rq-demo'`))?.name).toBe('Demo channel request');
    // …while its own number works.
    expect(await push('op-sam', 'requests.create', createRequest('cv-two', 'msg-two-in'))).toEqual({
      ok: true,
    });
  });

  it('with the module off, an operator can create nothing in Chats', async () => {
    await setModule(false);
    try {
      const before = await count('SELECT count(*) AS n FROM request');
      expect(
        await push('op-olga', 'requests.create', createRequest('cv-demo-2', 'msg-demo-2-in')),
      ).toMatchObject({
        ok: false,
        code: 'module_disabled',
      });
      expect(await count('SELECT count(*) AS n FROM request')).toBe(before);
    } finally {
      await setModule(true);
    }
  });

  it('an operator cannot delete a colleague’s saved filter', async () => {
    expect(await push('op-sam', 'filters.delete', { id: 'sf-shared' })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await count(`SELECT count(*) AS n FROM saved_filter WHERE id = 'sf-shared'`)).toBe(1);
  });

  it('presence can only ever change the reporter’s own row', async () => {
    await push('op-sam', 'presence.report', { presence: 'away', now: 1, id: 'op-olga' });
    expect((await one(`SELECT presence FROM operator WHERE id = 'op-sam'`))?.presence).toBe('away');
    expect((await one(`SELECT presence FROM operator WHERE id = 'op-olga'`))?.presence).toBe('offline');
  });
});

describe('no write without a session', () => {
  it('refuses an unauthenticated push', async () => {
    const anonymous = zeroClient(app, '');
    expect(await anonymous('settings.update', { chatsEnabled: false, now: 1 })).toMatchObject({
      ok: false,
      code: 'http_401',
    });
  });
});
