import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { ids, seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, syncedQuery, syncedRows } from './permissions-harness.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// Every synced query, asked through the real /api/zero/query route the way zero-cache asks it (any
// name, any arguments a modified client may send), then the returned AST run on Postgres: the rows
// that would reach the browser.

let db: TestDatabase;
let app: ReturnType<typeof createTestApp>;
const cookie: Record<string, string> = {};
const rows = (who: string, name: string, args?: unknown) =>
  syncedRows(app, db.pool, cookie[who] ?? '', name, args);
const setModule = (on: boolean) => db.pool.query('UPDATE settings SET chats_enabled = $1', [on]);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTwoChannels(db.pool);
  app = createTestApp(createTestDeps(db));
  for (const id of ['op-admin', 'op-olga', 'op-rita', 'op-sam']) cookie[id] = await cookieFor(db.pool, id);
});
afterAll(() => db?.drop());

describe('channel scope: an operator limited to one business number', () => {
  it('receives only that channel’s conversations, whatever filter the client sends', async () => {
    expect(ids(await rows('op-sam', 'conversations.list', {}))).toEqual(['cv-two']);
    // A modified client asking for the other channel explicitly.
    expect(await rows('op-sam', 'conversations.list', { filter: { channelIds: ['ch-demo'] } })).toEqual([]);
    expect(await rows('op-sam', 'conversations.row', { id: 'cv-demo-1' })).toEqual([]);
    expect(
      ids(await rows('op-sam', 'conversations.byIds', { ids: ['cv-demo-1', 'cv-demo-2', 'cv-two'] })),
    ).toEqual(['cv-two']);
    expect(ids(await rows('op-sam', 'conversations.longestWaiting'))).toEqual(['cv-two']);
    // Where a merged conversation went: only when the kept one is in scope.
    await db.pool.query(
      `INSERT INTO conversation_merge (source_id, source_number, source_label, target_id)
       VALUES ('cv-gone-1', 901, '#901', 'cv-demo-1'), ('cv-gone-2', 902, '#902', 'cv-two')`,
    );
    expect(await rows('op-sam', 'conversations.mergedInto', { id: 'cv-gone-1' })).toEqual([]);
    expect(await rows('op-sam', 'conversations.mergedInto', { id: 'cv-gone-2' })).toMatchObject([
      { targetId: 'cv-two' },
    ]);
    expect(await rows('op-olga', 'conversations.mergedInto', { id: 'cv-gone-1' })).toMatchObject([
      { targetId: 'cv-demo-1' },
    ]);
  });

  it('receives no message, request, counter or channel row of the other number', async () => {
    expect(await rows('op-sam', 'messages.byConversation', { conversationId: 'cv-demo-1' })).toEqual([]);
    expect(ids(await rows('op-sam', 'messages.byConversation', { conversationId: 'cv-two' }))).toEqual([
      'msg-two-in',
    ]);
    expect(await rows('op-sam', 'requests.byConversation', { conversationId: 'cv-demo-1' })).toEqual([]);
    expect(await rows('op-sam', 'requests.byId', { id: 'rq-demo' })).toEqual([]);
    // Requests not born in a chat are shared; chat-born ones follow the scope.
    expect(ids(await rows('op-sam', 'requests.recent', {}))).toEqual(['rq-free', 'rq-two']);
    expect((await rows('op-sam', 'stats.channels')).map((r) => r.channelId)).toEqual(['ch-two']);
    expect(ids(await rows('op-sam', 'channels.list'))).toEqual(['ch-two']);
    // Billed messages per number and day (the summary panel): only the numbers the operator sees.
    await db.pool.query(
      `INSERT INTO channel_day_stats (id, channel_id, day, billable_count)
       VALUES ('ch-demo:2026-12-05', 'ch-demo', '2026-12-05', 3), ('ch-two:2026-12-05', 'ch-two', '2026-12-05', 2)
       ON CONFLICT (id) DO NOTHING`,
    );
    const days = async (who: string) =>
      (await rows(who, 'stats.channelDays', { day: '2026-12-05' })).map((r) => r.channelId).sort();
    expect(await days('op-sam')).toEqual(['ch-two']);
    expect(await days('op-olga')).toEqual(['ch-demo', 'ch-two']);
  });

  it('receives no thread event or note mention of the other number; unscoped operators get both', async () => {
    // Events and mentions check the scope through their conversation, and only when there is a scope.
    await db.pool.query(`
      INSERT INTO conversation_event (id, conversation_id, kind) VALUES ('ev-demo', 'cv-demo-1', 'resolved'),
        ('ev-two', 'cv-two', 'resolved');
      INSERT INTO note_mention (message_id, operator_id, conversation_id, author_name)
        VALUES ('msg-demo-1-in', 'op-sam', 'cv-demo-1', 'Olga'), ('msg-two-in', 'op-sam', 'cv-two', 'Olga'),
          ('msg-demo-1-in', 'op-olga', 'cv-demo-1', 'Sam'), ('msg-two-in', 'op-olga', 'cv-two', 'Sam');
    `);
    const mentioned = async (who: string) =>
      (await rows(who, 'mentions.mine')).map((r) => r.conversationId as string).sort();
    try {
      expect(await rows('op-sam', 'events.byConversation', { conversationId: 'cv-demo-1' })).toEqual([]);
      expect(ids(await rows('op-sam', 'events.byConversation', { conversationId: 'cv-two' }))).toEqual([
        'ev-two',
      ]);
      expect(ids(await rows('op-olga', 'events.byConversation', { conversationId: 'cv-demo-1' }))).toEqual([
        'ev-demo',
      ]);
      expect(await mentioned('op-sam')).toEqual(['cv-two']);
      expect(await mentioned('op-olga')).toEqual(['cv-demo-1', 'cv-two']);
    } finally {
      await db.pool.query(`DELETE FROM conversation_event WHERE id IN ('ev-demo', 'ev-two');
        DELETE FROM note_mention WHERE message_id IN ('msg-demo-1-in', 'msg-two-in')`);
    }
  });

  it('an unscoped operator sees both numbers', async () => {
    expect(ids(await rows('op-olga', 'conversations.list', {}))).toEqual([
      'cv-demo-1',
      'cv-demo-2',
      'cv-demo-3',
      'cv-demo-4',
      'cv-two',
    ]);
    expect(ids(await rows('op-olga', 'requests.recent', {}))).toEqual(['rq-demo', 'rq-free', 'rq-two']);
    expect(ids(await rows('op-olga', 'channels.list'))).toEqual(['ch-demo', 'ch-two']);
  });

  it('follows a scope change on the very next transform (the session re-reads the operator)', async () => {
    await db.pool.query(`UPDATE operator SET channel_scope = '["ch-demo"]' WHERE id = 'op-sam'`);
    try {
      expect(ids(await rows('op-sam', 'conversations.list', {}))).toEqual([
        'cv-demo-1',
        'cv-demo-2',
        'cv-demo-3',
        'cv-demo-4',
      ]);
    } finally {
      await db.pool.query(`UPDATE operator SET channel_scope = '["ch-two"]' WHERE id = 'op-sam'`);
    }
  });
});

describe('the module switch', () => {
  it('off: every Chats query returns nothing, for operators and read-only alike', async () => {
    await setModule(false);
    try {
      for (const who of ['op-olga', 'op-rita', 'op-sam']) {
        expect(await rows(who, 'conversations.list', {})).toEqual([]);
        expect(await rows(who, 'conversations.row', { id: 'cv-demo-1' })).toEqual([]);
        expect(await rows(who, 'messages.byConversation', { conversationId: 'cv-demo-1' })).toEqual([]);
        expect(await rows(who, 'requests.recent', {})).toEqual([]);
        expect(await rows(who, 'requests.byId', { id: 'rq-free' })).toEqual([]);
        expect(await rows(who, 'stats.channels')).toEqual([]);
        expect(await rows(who, 'stats.channelDays', { day: '2026-12-05' })).toEqual([]);
        expect(await rows(who, 'templates.list')).toEqual([]);
        expect(await rows(who, 'filters.mine')).toEqual([]);
        expect(await rows(who, 'operators.list')).toEqual([]);
        expect(await rows(who, 'channels.list')).toEqual([]);
      }
      // What the client needs to know the module is off, and who is signed in, still answers.
      expect(await rows('op-olga', 'settings.get')).toEqual([
        expect.objectContaining({ chatsEnabled: false }),
      ]);
      expect(ids(await rows('op-olga', 'operators.me'))).toEqual(['op-olga']);
    } finally {
      await setModule(true);
    }
  });

  it('off: admins keep what Global Settings needs (operators, channels) but no chat data', async () => {
    await setModule(false);
    try {
      expect(await rows('op-admin', 'conversations.list', {})).toEqual([]);
      expect(await rows('op-admin', 'messages.byConversation', { conversationId: 'cv-two' })).toEqual([]);
      expect(ids(await rows('op-admin', 'channels.list'))).toEqual(['ch-demo', 'ch-two']);
      expect(ids(await rows('op-admin', 'operators.list'))).toContain('op-olga');
    } finally {
      await setModule(true);
    }
  });

  it('on again: the same queries answer again', async () => {
    expect(ids(await rows('op-rita', 'conversations.list', {}))).toHaveLength(5);
    expect(ids(await rows('op-rita', 'filters.mine'))).toEqual(['sf-shared']);
  });
});

describe('admin-only data', () => {
  it('the audit log reaches admins only', async () => {
    await db.pool.query(
      `INSERT INTO audit_log (id, actor_id, action, target) VALUES ('a1', 'op-admin', 'operator.update', 'operator:op-olga'),
       ('a2', 'op-admin', 'settings.chats_module', 'settings:global')`,
    );
    expect(ids(await rows('op-admin', 'audit.recent'))).toEqual(['a1', 'a2']);
    expect(ids(await rows('op-admin', 'audit.list', { actionPrefix: 'operator.' }))).toEqual(['a1']);
    for (const who of ['op-olga', 'op-rita', 'op-sam']) {
      expect(await rows(who, 'audit.recent')).toEqual([]);
      expect(await rows(who, 'audit.list', {})).toEqual([]);
    }
  });

  it('no private table is reachable by any query name', async () => {
    const outcome = await syncedQuery(app, db.pool, cookie['op-admin'] ?? '', 'private.session', {});
    expect('error' in outcome).toBe(true);
  });
});

describe('authentication', () => {
  it('refuses a missing, unknown or revoked session', async () => {
    expect(await syncedQuery(app, db.pool, '', 'conversations.list', {})).toEqual({ error: 'http_401' });
    expect(await syncedQuery(app, db.pool, 'cdesk_session=forged', 'conversations.list', {})).toEqual({
      error: 'http_401',
    });
    const c = await cookieFor(db.pool, 'op-olga');
    await db.pool.query(`UPDATE private.session SET revoked_at = now() WHERE operator_id = 'op-olga'`);
    expect(await syncedQuery(app, db.pool, c, 'conversations.list', {})).toEqual({ error: 'http_401' });
    cookie['op-olga'] = await cookieFor(db.pool, 'op-olga');
  });

  it('refuses a deactivated operator even with a live session', async () => {
    const c = await cookieFor(db.pool, 'op-rita');
    await db.pool.query(`UPDATE operator SET active = false WHERE id = 'op-rita'`);
    try {
      expect(await syncedQuery(app, db.pool, c, 'conversations.list', {})).toEqual({ error: 'http_401' });
    } finally {
      await db.pool.query(`UPDATE operator SET active = true WHERE id = 'op-rita'`);
    }
  });
});
