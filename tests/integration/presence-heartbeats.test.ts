import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorsCapability } from '../../server/operators/operators-capability.ts';
import { sweepConversationViewers, sweepPresence } from '../../server/operators/presence-sweeper.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, installZeroUpstreamTables, zeroClient } from './permissions-harness.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// Heartbeats stay off the replicated tables (issue 11): a browser's "still here" must not rewrite a row
// that zero-cache carries to every colleague's client, and the sweeps must still see it. Pushed through
// the real /api/zero/mutate route; a row's xmin tells whether any transaction rewrote it.

let db: TestDatabase;
let app: ReturnType<typeof createTestApp>;
const cookies: Record<string, string> = {};
const client: Record<string, ReturnType<typeof zeroClient>> = {};
const one = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows[0];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTwoChannels(db.pool);
  await installZeroUpstreamTables(db.pool);
  const deps = createTestDeps(db);
  app = createTestApp(deps, [operatorsCapability(deps)]);
  for (const id of ['op-admin', 'op-olga']) {
    cookies[id] = await cookieFor(db.pool, id);
    client[id] = zeroClient(app, cookies[id]);
  }
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

const beat = (who: string | null, body: unknown) =>
  app.request('/api/heartbeat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(who ? { cookie: cookies[who] ?? '' } : {}) },
    body: JSON.stringify(body),
  });

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

describe('POST /api/heartbeat', () => {
  it('refreshes the private beats, writes no synced row, and answers false where the rows say otherwise', async () => {
    await push('op-olga', 'presence.report', { presence: 'online', now: 1 });
    await push('op-olga', 'viewers.here', { conversationId: 'cv-demo-1', now: 1 });
    const [row, viewer] = [await operatorRow('op-olga'), await viewerRow('op-olga')];
    const [presenceBeat, viewerBeatBefore] = [await operatorBeat('op-olga'), await viewerBeat('op-olga')];

    const res = await beat('op-olga', { presence: 'online', viewing: 'cv-demo-1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ presence: true, viewing: true });
    expect(await operatorRow('op-olga')).toEqual(row);
    expect(await viewerRow('op-olga')).toEqual(viewer);
    expect((await operatorBeat('op-olga')).getTime()).toBeGreaterThan(presenceBeat.getTime());
    expect((await viewerBeat('op-olga')).getTime()).toBeGreaterThan(viewerBeatBefore.getTime());

    // The row says online, the browser away; no viewer row for that conversation: the browser must say so
    // through Zero. Nothing is written.
    const away = await beat('op-olga', { presence: 'away', viewing: 'cv-demo-2' });
    expect(await away.json()).toEqual({ presence: false, viewing: false });
    expect(await operatorRow('op-olga')).toEqual(row);
    expect(
      await one(`SELECT 1 FROM conversation_viewer WHERE conversation_id = 'cv-demo-2'`),
    ).toBeUndefined();
  });

  it('needs a session, our Origin and a well-formed body', async () => {
    expect((await beat(null, { presence: 'online' })).status).toBe(401);
    const crossSite = await app.request('/api/heartbeat', {
      method: 'POST',
      headers: {
        host: 'localhost:3000',
        origin: 'http://localhost:8080',
        cookie: cookies['op-olga'] ?? '',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ presence: 'online' }),
    });
    expect(crossSite.status).toBe(403);
    expect((await beat('op-olga', { presence: 'offline' })).status).toBe(400);
    expect((await beat('op-olga', { viewing: 'x'.repeat(65) })).status).toBe(400);
  });
});
