import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepConversationViewers } from '../../server/operators/presence-sweeper.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, installZeroUpstreamTables, zeroClient } from './permissions-harness.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// "Who else has this conversation open", pushed through the real /api/zero/mutate route.

let db: TestDatabase;
const client: Record<string, ReturnType<typeof zeroClient>> = {};
const rows = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTwoChannels(db.pool);
  await installZeroUpstreamTables(db.pool);
  const app = createTestApp(createTestDeps(db));
  for (const id of ['op-admin', 'op-olga', 'op-sam'])
    client[id] = zeroClient(app, await cookieFor(db.pool, id));
});
afterAll(() => db?.drop());

const push = (who: string, name: string, args: unknown) => {
  const c = client[who];
  if (!c) throw new Error(`no client for ${who}`);
  return c(name, args);
};

describe('conversation viewers', () => {
  it('records who is here and typing, by the server’s clock, and forgets them when they leave', async () => {
    const farFuture = Date.now() + 365 * 24 * 3600_000;
    expect(await push('op-olga', 'viewers.here', { conversationId: 'cv-demo-1', now: farFuture })).toEqual({
      ok: true,
    });
    expect(
      await push('op-admin', 'viewers.here', { conversationId: 'cv-demo-1', now: 1, typing: true }),
    ).toEqual({ ok: true });
    const here = await rows(
      `SELECT operator_id, operator_name, typing_until IS NOT NULL AS typing,
              abs(extract(epoch FROM now() - seen_at)) < 60 AS fresh
         FROM conversation_viewer ORDER BY operator_id`,
    );
    expect(here).toEqual([
      { operator_id: 'op-admin', operator_name: 'Ada Admin', typing: true, fresh: true },
      { operator_id: 'op-olga', operator_name: 'Olga Operator', typing: false, fresh: true },
    ]);
    expect(await push('op-olga', 'viewers.left', { conversationId: 'cv-demo-1', now: 1 })).toEqual({
      ok: true,
    });
    expect(await rows('SELECT operator_id FROM conversation_viewer')).toEqual([{ operator_id: 'op-admin' }]);
  });

  it('cannot announce presence in a conversation outside the operator’s channels', async () => {
    expect(await push('op-sam', 'viewers.here', { conversationId: 'cv-demo-1', now: 1 })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await rows(`SELECT 1 FROM conversation_viewer WHERE operator_id = 'op-sam'`)).toEqual([]);
  });

  it('the sweep deletes rows whose heartbeat stopped and keeps fresh ones', async () => {
    await db.pool.query(
      `UPDATE conversation_viewer SET seen_at = now() - interval '10 minutes' WHERE operator_id = 'op-admin';
       UPDATE private.conversation_viewer_heartbeat SET heard_at = now() - interval '10 minutes'
        WHERE operator_id = 'op-admin'`,
    );
    await push('op-olga', 'viewers.here', { conversationId: 'cv-demo-1', now: 1 });
    expect(await sweepConversationViewers(db.pool)).toBe(1);
    expect(await rows('SELECT operator_id FROM conversation_viewer')).toEqual([{ operator_id: 'op-olga' }]);
  });
});
