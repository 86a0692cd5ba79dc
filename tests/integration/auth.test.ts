import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../server/seed/bootstrap-admin.ts';
import { createTestApp, createTestDeps } from './test-app.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

let db: TestDatabase;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = createTestApp(createTestDeps(db));
  await bootstrapAdmin(db.pool, 'boss@example.com', 'correct horse battery', 'Boss');
});
afterAll(() => db.drop());

const login = (email: string, password: string) =>
  app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('login', () => {
  it('issues an HttpOnly SameSite=Lax session cookie that /api/auth/session honours, and logout revokes it', async () => {
    const res = await login('BOSS@example.com', 'correct horse battery');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/cdesk_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = cookie.split(';')[0] ?? '';

    const session = await app.request('/api/auth/session', { headers: { cookie: token } });
    expect(session.status).toBe(200);
    const body = (await session.json()) as { operator: { email: string; role: string } };
    expect(body.operator).toMatchObject({ email: 'boss@example.com', role: 'admin' });

    const { rows } = await db.pool.query('SELECT token_hash FROM private.session');
    expect(rows.every((r) => !token.includes(r.token_hash))).toBe(true);

    await app.request('/api/auth/logout', { method: 'POST', headers: { cookie: token } });
    expect((await app.request('/api/auth/session', { headers: { cookie: token } })).status).toBe(401);
  });

  it('rejects a wrong password with one message for unknown emails and wrong passwords, and logs both', async () => {
    const wrong = await login('boss@example.com', 'nope');
    const unknown = await login('nobody@example.com', 'nope');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const { rows } = await db.pool.query('SELECT reason FROM private.login_attempt WHERE NOT ok ORDER BY id');
    expect(rows.map((r) => r.reason)).toEqual(['wrong_password', 'unknown_email']);
  });

  it('rate-limits repeated failures for one email', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login('victim@example.com', `guess-${i}`)).status);
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
  });

  it('refuses Zero endpoints without a session', async () => {
    const res = await app.request('/api/zero/query', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[]',
    });
    expect(res.status).toBe(401);
  });
});
