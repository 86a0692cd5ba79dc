import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, installZeroUpstreamTables, zeroClient } from './permissions-harness.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// Canned responses and drafts pushed through the real /api/zero/mutate route, as zero-cache pushes them.

let db: TestDatabase;
const client: Record<string, ReturnType<typeof zeroClient>> = {};
const rows = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTwoChannels(db.pool);
  await installZeroUpstreamTables(db.pool);
  const app = createTestApp(createTestDeps(db));
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
const response = (id: string, shared: boolean, shortcut = 'hello') => ({
  id,
  shared,
  shortcut,
  title: 'Greeting',
  body: 'Hello {{customer.name}}',
  now: 1,
});

describe('canned responses', () => {
  it('an operator keeps personal ones; shared ones are for administrators', async () => {
    expect(await push('op-olga', 'cannedResponses.save', response('cr-olga', false))).toEqual({ ok: true });
    expect(await push('op-olga', 'cannedResponses.save', response('cr-team', true))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await push('op-admin', 'cannedResponses.save', response('cr-team', true, 'thanks'))).toEqual({
      ok: true,
    });
    expect(await rows('SELECT id, owner_id FROM canned_response ORDER BY id')).toEqual([
      { id: 'cr-olga', owner_id: 'op-olga' },
      { id: 'cr-team', owner_id: null },
    ]);
  });

  it('nobody edits or deletes another operator’s, and an operator cannot take over a shared one', async () => {
    expect(await push('op-sam', 'cannedResponses.save', response('cr-olga', false, 'mine'))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await push('op-sam', 'cannedResponses.delete', { id: 'cr-olga' })).toMatchObject({ ok: false });
    expect(await push('op-olga', 'cannedResponses.save', response('cr-team', false))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await push('op-rita', 'cannedResponses.save', response('cr-rita', false))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(
      await rows(`SELECT shortcut FROM canned_response WHERE id IN ('cr-olga', 'cr-team') ORDER BY id`),
    ).toEqual([{ shortcut: 'hello' }, { shortcut: 'thanks' }]);
  });

  it('refuses a shortcut with spaces', async () => {
    expect(
      await push('op-olga', 'cannedResponses.save', { ...response('cr-bad', false), shortcut: 'two words' }),
    ).toMatchObject({ ok: false });
    expect(await rows(`SELECT id FROM canned_response WHERE id = 'cr-bad'`)).toEqual([]);
  });
});

describe('drafts', () => {
  it('are kept per operator and conversation, replaced as typing goes on, and deleted when emptied', async () => {
    const save = (who: string, body: string) =>
      push(who, 'drafts.save', { conversationId: 'cv-demo-1', body, now: 1 });
    expect(await save('op-olga', 'Let me check')).toEqual({ ok: true });
    expect(await save('op-olga', 'Let me check your order')).toEqual({ ok: true });
    expect(await save('op-admin', 'Admin note')).toEqual({ ok: true });
    expect(await rows(`SELECT operator_id, body FROM conversation_draft ORDER BY operator_id`)).toEqual([
      { operator_id: 'op-admin', body: 'Admin note' },
      { operator_id: 'op-olga', body: 'Let me check your order' },
    ]);
    expect(await save('op-olga', '')).toEqual({ ok: true });
    expect(await rows(`SELECT operator_id FROM conversation_draft`)).toEqual([{ operator_id: 'op-admin' }]);
  });

  it('cannot be kept for a conversation outside the operator’s channels', async () => {
    expect(
      await push('op-sam', 'drafts.save', { conversationId: 'cv-demo-1', body: 'peek', now: 1 }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(await rows(`SELECT 1 FROM conversation_draft WHERE operator_id = 'op-sam'`)).toEqual([]);
  });
});
