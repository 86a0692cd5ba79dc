import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepConversationViewers, sweepPresence } from '../../server/operators/presence-sweeper.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, installZeroUpstreamTables, zeroClient } from './permissions-harness.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// Heartbeats stay off the replicated tables (issue 11): a browser's "still here" must not rewrite a row
// that zero-cache carries to every colleague's client, and the sweeps must still see it. Pushed through
// the real /api/zero/mutate route; a row's xmin tells whether any transaction rewrote it.

let db: TestDatabase;
const client: Record<string, ReturnType<typeof zeroClient>> = {};
const one = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows[0];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTwoChannels(db.pool);
  await installZeroUpstreamTables(db.pool);
  const app = createTestApp(createTestDeps(db));
  for (const id of ['op-admin', 'op-olga']) client[id] = zeroClient(app, await cookieFor(db.pool, id));
});
afterAll(() => db?.drop());

const push = async (who: string, name: string, args: unknown) => {
  const c = client[who];
  if (!c) throw new Error(`no client for ${who}`);
  expect(await c(name, args)).toEqual({ ok: true });
};
const operatorRow = (id: string) =>
  one(`SELECT xmin::text AS version, presence, last_seen_at FROM operator WHERE id = $1`, [id]);
const operatorBeat = async (id: string) =>
  (await one(`SELECT heard_at FROM private.operator_heartbeat WHERE operator_id = $1`, [id]))?.heard_at;
const viewerRow = (id: string) =>
  one(
    `SELECT xmin::text AS version, seen_at, typing_until FROM conversation_viewer
      WHERE operator_id = $1 AND conversation_id = 'cv-demo-1'`,
    [id],
  );
const viewerBeat = async (id: string) =>
  (
    await one(
      `SELECT heard_at FROM private.conversation_viewer_heartbeat
        WHERE operator_id = $1 AND conversation_id = 'cv-demo-1'`,
      [id],
    )
  )?.heard_at;

describe('presence heartbeats', () => {
  it('change the operator’s row only when the presence changes, and are heard privately each time', async () => {
    await push('op-olga', 'presence.report', { presence: 'online', now: 1 });
    const online = await operatorRow('op-olga');
    expect(online?.presence).toBe('online');
    const firstBeat = await operatorBeat('op-olga');
    expect(firstBeat).toBeInstanceOf(Date);

    await push('op-olga', 'presence.report', { presence: 'online', now: 2 });
    expect(await operatorRow('op-olga')).toEqual(online);
    expect((await operatorBeat('op-olga')).getTime()).toBeGreaterThan(firstBeat.getTime());

    await push('op-olga', 'presence.report', { presence: 'away', now: 3 });
    const away = await operatorRow('op-olga');
    expect(away?.presence).toBe('away');
    expect(away?.version).not.toBe(online?.version);
  });

  it('keep a quiet row online while they come, and the sweep turns silence offline at the last beat', async () => {
    await push('op-admin', 'presence.report', { presence: 'online', now: 1 });
    // The row last changed long ago; the heartbeat is fresh: still online.
    await db.pool.query(`UPDATE operator SET last_seen_at = now() - interval '1 hour' WHERE id = 'op-admin'`);
    await db.pool.query(`UPDATE operator SET presence = 'online' WHERE id = 'op-olga'`);
    await db.pool.query(
      `UPDATE operator SET last_seen_at = now() - interval '1 hour' WHERE id = 'op-olga';
       UPDATE private.operator_heartbeat SET heard_at = now() - interval '5 minutes' WHERE operator_id = 'op-olga'`,
    );
    expect(await sweepPresence(db.pool)).toBe(1);
    expect((await operatorRow('op-admin'))?.presence).toBe('online');
    const olga = await one(
      `SELECT presence, abs(extract(epoch FROM last_seen_at - (now() - interval '5 minutes'))) < 5 AS at_last_beat
         FROM operator WHERE id = 'op-olga'`,
    );
    expect(olga).toEqual({ presence: 'offline', at_last_beat: true });
    // Back: the next report changes the row again.
    await push('op-olga', 'presence.report', { presence: 'online', now: 4 });
    expect((await operatorRow('op-olga'))?.presence).toBe('online');
  });
});

describe('conversation viewer heartbeats', () => {
  it('leave the synced row as it is unless typing starts or stops, and are heard privately', async () => {
    await push('op-olga', 'viewers.here', { conversationId: 'cv-demo-1', now: 1 });
    const opened = await viewerRow('op-olga');
    const firstBeat = await viewerBeat('op-olga');
    expect(firstBeat).toBeInstanceOf(Date);

    await push('op-olga', 'viewers.here', { conversationId: 'cv-demo-1', now: 2 });
    expect(await viewerRow('op-olga')).toEqual(opened);
    expect((await viewerBeat('op-olga')).getTime()).toBeGreaterThan(firstBeat.getTime());

    await push('op-olga', 'viewers.here', { conversationId: 'cv-demo-1', now: 3, typing: true });
    const typing = await viewerRow('op-olga');
    expect(typing?.typing_until).toBeInstanceOf(Date);
    // Stopping (a sent reply) clears it at once; the heartbeat after that changes nothing again.
    await push('op-olga', 'viewers.here', { conversationId: 'cv-demo-1', now: 4, typing: false });
    const stopped = await viewerRow('op-olga');
    expect(stopped?.typing_until).toBeNull();
    await push('op-olga', 'viewers.here', { conversationId: 'cv-demo-1', now: 5 });
    expect(await viewerRow('op-olga')).toEqual(stopped);
  });

  it('keep a viewer whose row is old while they beat; the sweep deletes one silent for long', async () => {
    await push('op-admin', 'viewers.here', { conversationId: 'cv-demo-1', now: 1 });
    await db.pool.query(`UPDATE conversation_viewer SET seen_at = now() - interval '10 minutes'`);
    await db.pool.query(
      `UPDATE private.conversation_viewer_heartbeat SET heard_at = now() - interval '10 minutes'
        WHERE operator_id = 'op-admin'`,
    );
    expect(await sweepConversationViewers(db.pool)).toBe(1);
    expect(await viewerRow('op-admin')).toBeUndefined();
    expect(await viewerBeat('op-admin')).toBeUndefined();
    expect((await viewerRow('op-olga'))?.seen_at).toBeInstanceOf(Date);
  });

  it('go with the row when the viewer leaves', async () => {
    await push('op-olga', 'viewers.left', { conversationId: 'cv-demo-1', now: 1 });
    expect(await viewerRow('op-olga')).toBeUndefined();
    expect(await viewerBeat('op-olga')).toBeUndefined();
  });
});
