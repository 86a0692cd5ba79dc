import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, installZeroUpstreamTables, zeroClient } from './permissions-harness.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// The Chats workspace's own writes (saved filters, table preferences, open tabs) pushed through the real
// /api/zero/mutate route, as zero-cache pushes them: authoritative rules on the server, state in Postgres.

let db: TestDatabase;
const push: Record<string, ReturnType<typeof zeroClient>> = {};
const one = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows[0];
const body = { search: 'late', searchColumns: ['lastMessage'], filter: { awaitingReply: true } };

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTwoChannels(db.pool);
  await installZeroUpstreamTables(db.pool);
  const app = createTestApp(createTestDeps(db));
  for (const id of ['op-admin', 'op-olga', 'op-sam'])
    push[id] = zeroClient(app, await cookieFor(db.pool, id));
});
afterAll(() => db?.drop());

const as = (who: string) => {
  const p = push[who];
  if (!p) throw new Error(`no client for ${who}`);
  return p;
};

describe('saved filters', () => {
  it('are saved for the signed-in operator, shared on request, and renamed in place', async () => {
    expect(
      await as('op-sam')('filters.save', { id: 'sf-sam', name: 'Late ones', shared: true, body, now: 1000 }),
    ).toEqual({
      ok: true,
    });
    expect(
      await one(`SELECT operator_id, name, shared, filter FROM saved_filter WHERE id = 'sf-sam'`),
    ).toEqual({
      operator_id: 'op-sam',
      name: 'Late ones',
      shared: true,
      filter: body,
    });
    expect(
      await as('op-sam')('filters.save', { id: 'sf-sam', name: 'Late', shared: false, body, now: 2000 }),
    ).toEqual({
      ok: true,
    });
    const row = await one(`SELECT name, shared, created_at FROM saved_filter WHERE id = 'sf-sam'`);
    expect(row.name).toBe('Late');
    expect(row.shared).toBe(false);
    expect(new Date(row.created_at).getTime()).toBe(1000); // the creation time is kept
  });

  it('cannot be overwritten by a colleague, and the body is validated', async () => {
    expect(
      await as('op-olga')('filters.save', { id: 'sf-sam', name: 'Mine now', shared: true, body, now: 3000 }),
    ).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await one(`SELECT name, operator_id FROM saved_filter WHERE id = 'sf-sam'`)).operator_id).toBe(
      'op-sam',
    );
    const bad = { ...body, searchColumns: ['password_hash'] };
    expect(
      (await as('op-olga')('filters.save', { id: 'sf-bad', name: 'x', shared: false, body: bad, now: 1 })).ok,
    ).toBe(false);
    expect(await one(`SELECT 1 AS n FROM saved_filter WHERE id = 'sf-bad'`)).toBeUndefined();
  });

  it('are deleted by their owner or an administrator only', async () => {
    expect(await as('op-olga')('filters.delete', { id: 'sf-sam' })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await as('op-admin')('filters.delete', { id: 'sf-sam' })).toEqual({ ok: true });
    expect(await one(`SELECT 1 AS n FROM saved_filter WHERE id = 'sf-sam'`)).toBeUndefined();
  });
});

describe('table preferences and open tabs', () => {
  const prefs = (who: string) =>
    one(
      `SELECT chats_columns, operators_columns, summary_open, open_tabs FROM operator_preference WHERE operator_id = $1`,
      [who],
    );

  it('create the row on first use and change only what is sent', async () => {
    expect(
      await as('op-olga')('preferences.update', { chatsColumns: ['number', '-source'], now: 1 }),
    ).toEqual({ ok: true });
    expect(await as('op-olga')('preferences.update', { summaryOpen: false, now: 2 })).toEqual({ ok: true });
    expect(await prefs('op-olga')).toEqual({
      chats_columns: ['number', '-source'],
      operators_columns: null,
      summary_open: false,
      open_tabs: [],
    });
  });

  it('open a tab once, keep the newest 20, and close tabs, always on the caller’s own row', async () => {
    expect(await as('op-sam')('preferences.openTab', { id: 'cv-1', now: 1 })).toEqual({ ok: true });
    expect(await as('op-sam')('preferences.openTab', { id: 'cv-1', now: 2 })).toEqual({ ok: true });
    expect((await prefs('op-sam')).open_tabs).toEqual(['cv-1']);
    for (let i = 2; i <= 21; i++) await as('op-sam')('preferences.openTab', { id: `cv-${i}`, now: i });
    const tabs = (await prefs('op-sam')).open_tabs as string[];
    expect(tabs).toHaveLength(20);
    expect(tabs[0]).toBe('cv-2');
    expect(tabs.at(-1)).toBe('cv-21');
    expect(await as('op-sam')('preferences.closeTab', { id: 'cv-10', now: 30 })).toEqual({ ok: true });
    expect((await prefs('op-sam')).open_tabs).not.toContain('cv-10');
    // A modified client naming someone else changes nothing of theirs.
    await as('op-sam')('preferences.openTab', { id: 'cv-x', operatorId: 'op-olga', now: 31 });
    expect((await prefs('op-olga')).open_tabs).toEqual([]);
    expect(
      (
        await as('op-sam')('preferences.update', {
          openTabs: Array.from({ length: 21 }, (_, i) => `t${i}`),
          now: 1,
        })
      ).ok,
    ).toBe(false);
  });
});
