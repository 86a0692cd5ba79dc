import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SORTABLE_COLUMNS } from '../../schema/conversation-filter.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { apiClient, createToken } from './api-v1-fixtures.ts';
import { seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, createSettingsTestApp } from './permissions-harness.ts';
import { createTestDeps } from './test-app.ts';

// Crafted input to the REST API (issue 14.8): forged cursors and NUL characters, which Postgres refuses in
// text, are answered with a 4xx and a stable code, never a 500; nothing half-written remains.

let db: TestDatabase;
let call: ReturnType<typeof apiClient>;
const tokens: string[] = [];
let turn = 0;
// Many requests: spread over several tokens of the same operator, under each token's rate limit.
const api = (...args: Parameters<ReturnType<typeof apiClient>> extends [unknown, ...infer R] ? R : never) =>
  call(tokens[turn++ % tokens.length] ?? null, ...args);

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTwoChannels(db.pool);
  const app = createSettingsTestApp(createTestDeps(db));
  call = apiClient(app);
  const admin = await cookieFor(db.pool, 'op-admin');
  for (let i = 0; i < 8; i++) tokens.push(await createToken(app, admin, 'op-olga', `hostile-${i}`));
});
afterAll(() => db?.drop());

const craftedValues: unknown[] = [
  'not a date',
  '\u0000',
  'a\u0000b',
  '\ud800',
  1e308,
  -1e308,
  -62135596800001,
  9e15,
  1.5,
  true,
  null,
  { nested: 1 },
];

describe('forged cursors', () => {
  it('GET /conversations answers 400 invalid_cursor (or a page), never 5xx, for every sort column', async () => {
    const failures: string[] = [];
    for (const sort of SORTABLE_COLUMNS) {
      for (const order of ['asc', 'desc'] as const) {
        for (const v of craftedValues) {
          for (const id of ['cv-demo-1', '\u0000', 'x\u0000y']) {
            const c = cursor({ s: sort, o: order, id, v });
            const res = await api('GET', `/conversations?sort=${sort}&order=${order}&cursor=${c}`);
            if (res.status >= 500 || (res.status !== 200 && res.json?.error === undefined))
              failures.push(
                `${sort} ${order} ${JSON.stringify({ id, v })}: ${res.status} ${res.text.slice(0, 120)}`,
              );
            if (res.status === 400) expect((res.json.error as { code: string }).code).toBe('invalid_cursor');
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('GET /conversations/{id}/messages answers 400 invalid_cursor, never 5xx', async () => {
    const failures: string[] = [];
    for (const at of craftedValues)
      for (const ar of [null, 1, 1e308, -1, 'x', 1.5])
        for (const id of ['msg-demo-1-in', '\u0000']) {
          const c = cursor({ o: 'desc', id, at, ar });
          const res = await api('GET', `/conversations/cv-demo-1/messages?cursor=${c}`);
          if (res.status >= 500)
            failures.push(`${JSON.stringify({ id, at, ar })}: ${res.status} ${res.text}`);
        }
    for (const raw of ['%00', '!!!', 'e30', cursor('x'), cursor([1]), 'A'.repeat(1000)]) {
      const res = await api('GET', `/conversations/cv-demo-1/messages?cursor=${raw}`);
      if (res.status !== 400) failures.push(`${raw}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('NUL characters', () => {
  it('in path and query parameters: 4xx, never 5xx', async () => {
    const paths = [
      '/conversations/%00',
      '/conversations/cv%00x',
      '/conversations/%00/messages',
      '/conversations?q=%00',
      '/conversations?q=a%00b&searchIn=participant',
      '/conversations?operatorId=%00',
      '/conversations?channelId=%00',
      '/conversations?status=%00',
    ];
    const failures: string[] = [];
    for (const p of paths) {
      const res = await api('GET', p);
      if (res.status >= 500) failures.push(`${p}: ${res.status} ${res.text}`);
    }
    expect(failures).toEqual([]);
  });

  it('in JSON bodies: 400 invalid_request, nothing written', async () => {
    const before = Number((await db.pool.query('SELECT count(*) AS n FROM message')).rows[0].n);
    const requestsBefore = Number((await db.pool.query('SELECT count(*) AS n FROM request')).rows[0].n);
    const bodies: [string, unknown][] = [
      ['/conversations/cv-demo-1/messages', { type: 'text', text: 'Hello\u0000there', id: randomUUID() }],
      ['/conversations/cv-demo-1/messages', { type: 'text', text: 'Hi', id: `id\u0000${randomUUID()}` }],
      [
        '/conversations/cv-demo-1/messages',
        { type: 'text', text: 'Lone \ud800 surrogate', id: randomUUID() },
      ],
      ['/messages/msg-demo-1-in/requests', { name: 'Broken\u0000name' }],
      ['/messages/msg-demo-1-in/requests', { name: 'Fine', description: 'x\u0000y' }],
      ['/messages/msg-demo-1-in/requests', { name: 'Fine', id: '\u0000' }],
      ['/messages/msg%00/requests', { name: 'Fine' }],
    ];
    const failures: string[] = [];
    for (const [p, body] of bodies) {
      const res = await api('POST', p, body);
      if (res.status >= 500 || res.status < 400)
        failures.push(`${p} ${JSON.stringify(body)}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(Number((await db.pool.query('SELECT count(*) AS n FROM message')).rows[0].n)).toBe(before);
    expect(Number((await db.pool.query('SELECT count(*) AS n FROM request')).rows[0].n)).toBe(requestsBefore);
  });
});
