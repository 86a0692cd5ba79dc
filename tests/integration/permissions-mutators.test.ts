import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SAVED_FILTERS_PER_OPERATOR } from '../../schema/mutators/filters.ts';
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

  it('a request names only a customer the operator talks to (issue 14.8)', async () => {
    const before = await count('SELECT count(*) AS n FROM request');
    // Sam sees only ch-two; ct-demo-1 writes only to ch-demo. A request outside chats or on Sam's own
    // conversation cannot carry that customer either.
    const free = { ...createRequest('cv-two', 'msg-two-in'), conversationId: null, sourceMessageId: null };
    expect(await push('op-sam', 'requests.create', { ...free, contactId: 'ct-demo-1' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(
      await push('op-sam', 'requests.create', {
        ...createRequest('cv-two', 'msg-two-in'),
        contactId: 'ct-demo-1',
      }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(await push('op-sam', 'requests.create', { ...free, contactId: 'ct-nope' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await count('SELECT count(*) AS n FROM request')).toBe(before);
    // Their own customer is fine, and so is any customer for an operator who sees every number.
    expect(
      await push('op-sam', 'requests.create', { ...free, id: randomUUID(), contactId: 'ct-two' }),
    ).toEqual({ ok: true });
    expect(
      await push('op-olga', 'requests.create', { ...free, id: randomUUID(), contactId: 'ct-demo-1' }),
    ).toEqual({ ok: true });
  });

  it('with the module off, no request is changed, tagged, posted to or given a file (issue 14.8)', async () => {
    await db.pool.query(
      `INSERT INTO attachment (id, filename, mime_type, size_bytes, storage_key, state, uploaded_by)
       VALUES ('att-mod', 'a.pdf', 'application/pdf', 10, 'k-mod', 'ready', 'op-olga')`,
    );
    await setModule(false);
    try {
      for (const requestId of ['rq-demo', 'rq-free']) {
        const writes: [string, unknown][] = [
          ['requests.update', { id: requestId, name: 'While off', now: 1 }],
          ['requests.addTag', { requestId, tagId: 'tag-urgent' }],
          ['requests.removeTag', { requestId, tagId: 'tag-urgent' }],
          ['requests.addPost', { id: randomUUID(), requestId, body: 'While off', now: 1 }],
          ['requests.attachFile', { requestId, attachmentId: 'att-mod', now: 1 }],
          ['requests.detachFile', { requestId, attachmentId: 'att-mod' }],
        ];
        for (const [name, args] of writes)
          expect({ name, ...(await push('op-olga', name, args)) }).toMatchObject({
            name,
            ok: false,
            code: 'module_disabled',
          });
      }
      const free = { ...createRequest('cv-two', 'msg-two-in'), conversationId: null, sourceMessageId: null };
      expect(await push('op-olga', 'requests.create', free)).toMatchObject({
        ok: false,
        code: 'module_disabled',
      });
      expect(await count(`SELECT count(*) AS n FROM request WHERE name = 'While off'`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM request_post WHERE body = 'While off'`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM request_tag`)).toBe(0);
      expect(
        await count(`SELECT count(*) AS n FROM request_attachment WHERE attachment_id = 'att-mod'`),
      ).toBe(0);
    } finally {
      await setModule(true);
    }
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

  it('a read-only account keeps private filters but shares none (issue 14.8)', async () => {
    const body = { filter: { awaitingReply: true } };
    expect(
      await push('op-rita', 'filters.save', {
        id: 'sf-rita-shared',
        name: 'Team',
        shared: true,
        body,
        now: 1,
      }),
    ).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await count(`SELECT count(*) AS n FROM saved_filter WHERE id = 'sf-rita-shared'`)).toBe(0);
    expect(
      await push('op-rita', 'filters.save', { id: 'sf-rita', name: 'Mine', shared: false, body, now: 1 }),
    ).toEqual({ ok: true });
    // Nor can a private one be turned into a shared one later.
    expect(
      await push('op-rita', 'filters.save', { id: 'sf-rita', name: 'Mine', shared: true, body, now: 2 }),
    ).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await one(`SELECT shared FROM saved_filter WHERE id = 'sf-rita'`))?.shared).toBe(false);
  });

  it('an operator keeps at most MAX_SAVED_FILTERS_PER_OPERATOR filters; renaming one still works (issue 14.8)', async () => {
    const body = { filter: { unreadOnly: true } };
    await db.pool.query(
      `INSERT INTO saved_filter (id, operator_id, name, shared, filter)
       SELECT 'sf-many-' || i, 'op-sam', 'Many ' || i, true, '{"filter":{}}' FROM generate_series(1, $1) AS i`,
      [MAX_SAVED_FILTERS_PER_OPERATOR],
    );
    expect(
      await push('op-sam', 'filters.save', {
        id: 'sf-one-more',
        name: 'One more',
        shared: true,
        body,
        now: 1,
      }),
    ).toMatchObject({ ok: false, code: 'limit_reached' });
    expect(await count(`SELECT count(*) AS n FROM saved_filter WHERE operator_id = 'op-sam'`)).toBe(
      MAX_SAVED_FILTERS_PER_OPERATOR,
    );
    expect(
      await push('op-sam', 'filters.save', { id: 'sf-many-1', name: 'Renamed', shared: false, body, now: 2 }),
    ).toEqual({ ok: true });
    // A colleague's count is their own.
    expect(
      await push('op-olga', 'filters.save', { id: 'sf-olga-2', name: 'Olga', shared: true, body, now: 1 }),
    ).toEqual({ ok: true });
    await db.pool.query(`DELETE FROM saved_filter WHERE id LIKE 'sf-many-%'`);
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
