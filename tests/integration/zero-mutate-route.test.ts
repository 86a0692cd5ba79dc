import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, installZeroUpstreamTables, zeroClient } from './permissions-harness.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// /api/zero/mutate against a modified client (issue 14.8): Zero client ids are bound to the operator who
// first pushed them, and answers carry stable codes, never Postgres' own error text.

let db: TestDatabase;
let app: ReturnType<typeof createTestApp>;
const cookie: Record<string, string> = {};
const logged: { msg: string; extra?: Record<string, unknown> }[] = [];

type Mutation = { id: number; clientID: string; name: string; args: unknown };

async function rawPush(who: string, clientGroupID: string, mutations: Mutation[], schema = 'zero_0') {
  const res = await app.request(`/api/zero/mutate?schema=${schema}&appID=zero`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookie[who] ?? '' },
    body: JSON.stringify({
      clientGroupID,
      mutations: mutations.map((m) => ({ type: 'custom', ...m, args: [m.args], timestamp: Date.now() })),
      pushVersion: 1,
      timestamp: Date.now(),
      requestID: randomUUID(),
    }),
  });
  return { status: res.status, text: await res.text() };
}

const lastMutationId = async (group: string, client: string) =>
  Number(
    (
      await db.pool.query(
        `SELECT "lastMutationID" AS n FROM zero_0.clients WHERE "clientGroupID" = $1 AND "clientID" = $2`,
        [group, client],
      )
    ).rows[0]?.n ?? 0,
  );

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTwoChannels(db.pool);
  await installZeroUpstreamTables(db.pool);
  const deps = {
    ...createTestDeps(db),
    log: (_l: string, msg: string, extra?: Record<string, unknown>) => {
      logged.push({ msg, ...(extra ? { extra } : {}) });
    },
  };
  app = createTestApp(deps);
  for (const id of ['op-olga', 'op-sam']) cookie[id] = await cookieFor(db.pool, id);
});
afterAll(() => db?.drop());

describe('client ids are bound to their operator', () => {
  it('a colleague cannot advance another operator’s mutation ids or delete their results', async () => {
    const group = randomUUID();
    const client = randomUUID();
    const presence = { presence: 'online', now: 1 };
    expect(
      (
        await rawPush('op-olga', group, [
          { id: 1, clientID: client, name: 'presence.report', args: presence },
        ])
      ).status,
    ).toBe(200);
    // A failed mutation leaves a result row the client reads back.
    await rawPush('op-olga', group, [
      { id: 2, clientID: client, name: 'settings.update', args: { chatsEnabled: false, now: 1 } },
    ]);
    const results = async () =>
      Number(
        (
          await db.pool.query(`SELECT count(*) AS n FROM zero_0.mutations WHERE "clientGroupID" = $1`, [
            group,
          ])
        ).rows[0].n,
      );
    expect(await results()).toBe(1);
    expect(await lastMutationId(group, client)).toBe(2);

    // Sam replays Olga's group and client with the next ids: refused, nothing advanced.
    const hijack = await rawPush('op-sam', group, [
      { id: 3, clientID: client, name: 'presence.report', args: presence },
    ]);
    expect(hijack.status).toBe(403);
    expect(JSON.parse(hijack.text).error.code).toBe('forbidden');
    expect(await lastMutationId(group, client)).toBe(2);
    // Nor through a cleanup naming Olga's group from a group of his own.
    const cleanup = await rawPush('op-sam', randomUUID(), [
      {
        id: 0,
        clientID: client,
        name: '_zero_cleanupResults',
        args: { type: 'bulk', clientGroupID: group, clientIDs: [client] },
      },
    ]);
    expect(cleanup.status).toBe(403);
    expect(await results()).toBe(1);

    // Olga's own next change still applies (it would be 'alreadyProcessed' had Sam's push counted).
    const next = await rawPush('op-olga', group, [
      { id: 3, clientID: client, name: 'presence.report', args: presence },
    ]);
    expect(JSON.parse(next.text).mutations[0].result).toEqual({});
    expect(await lastMutationId(group, client)).toBe(3);
  });

  it('only zero-cache’s upstream schema may be named', async () => {
    const res = await rawPush(
      'op-olga',
      randomUUID(),
      [{ id: 1, clientID: randomUUID(), name: 'presence.report', args: { presence: 'online', now: 1 } }],
      'private',
    );
    expect(res.status).toBe(400);
    expect(
      await db.pool.query(`SELECT to_regclass('private.clients') AS t`).then((r) => r.rows[0].t),
    ).toBeNull();
  });
});

describe('errors the client sees', () => {
  it('a Postgres failure inside a mutator is `internal` with a generic message; its details go to the log', async () => {
    const push = zeroClient(app, cookie['op-olga'] ?? '');
    // A timestamp far outside Postgres' range passes the argument schema and fails the UPDATE.
    const res = await push('customers.update', {
      contactId: 'ct-demo-1',
      email: '',
      companyName: '',
      notes: 'x',
      now: 1e300,
    });
    expect(res).toMatchObject({ ok: false, code: 'internal' });
    if (res.ok) return;
    expect(res.message).not.toMatch(/timestamp|range|postgres|sql|relation|column/i);
    expect(logged.some((l) => l.msg === 'mutation failed' && /range/i.test(String(l.extra?.error)))).toBe(
      true,
    );
  });

  it('invalid arguments and unknown mutators are `invalid`', async () => {
    const push = zeroClient(app, cookie['op-olga'] ?? '');
    expect(await push('customers.update', { contactId: 'ct-demo-1', now: 'soon' })).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(await push('nope.nothing', {})).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('NUL characters and unpaired surrogates in arguments are replaced, not a failed transaction', async () => {
    const push = zeroClient(app, cookie['op-olga'] ?? '');
    expect(
      await push('customers.update', {
        contactId: 'ct-demo-1',
        email: '',
        companyName: 'Acme\u0000 Ltd',
        notes: 'lone \ud800 surrogate',
        now: Date.now(),
      }),
    ).toEqual({ ok: true });
    const row = (await db.pool.query(`SELECT company_name, notes FROM contact WHERE id = 'ct-demo-1'`))
      .rows[0];
    expect(row).toEqual({ company_name: 'Acme\uFFFD Ltd', notes: 'lone \uFFFD surrogate' });
  });

  it('a push that is not JSON is a 400, not a 5xx', async () => {
    const res = await app.request('/api/zero/mutate?schema=zero_0&appID=zero', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookie['op-olga'] ?? '' },
      body: '{"clientGroupID": ',
    });
    expect(res.status).toBe(400);
  });
});
