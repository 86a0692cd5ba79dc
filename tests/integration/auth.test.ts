import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../server/seed/bootstrap-admin.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

let db: TestDatabase;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = createTestApp(createTestDeps(db));
  await bootstrapAdmin(db.pool, 'boss@example.com', 'correct horse battery', 'Boss');
});
afterAll(() => db.drop());
// Each test starts with no failed sign-ins on record (the account's pause grows with them).
beforeEach(() => db.pool.query('TRUNCATE private.login_attempt'));

/** Signs in from an address (node-server's connection info, as getConnInfo reads it). */
const login = (email: string, password: string, from = '192.0.2.1') =>
  app.request(
    '/api/auth/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    },
    { incoming: { socket: { remoteAddress: from } } },
  );

describe('bootstrapping the first admin (ADMIN_EMAIL / ADMIN_PASSWORD)', () => {
  it('refuses a guessable ADMIN_PASSWORD and creates no admin (issue 14.4)', async () => {
    for (const weak of ['1111111111', 'password123', 'newboss2026'])
      await expect(bootstrapAdmin(db.pool, 'newboss@example.com', weak, 'New Boss')).rejects.toThrow(
        /ADMIN_PASSWORD/,
      );
    const { rowCount } = await db.pool.query(`SELECT 1 FROM operator WHERE email = 'newboss@example.com'`);
    expect(rowCount).toBe(0);
    // An existing admin is left alone whatever the variable says (it only bootstraps).
    expect(await bootstrapAdmin(db.pool, 'boss@example.com', '1111111111', 'Boss')).toBe(false);
  });
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

  it('rate-limits repeated failures for one email from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await login('victim@example.com', `guess-${i}`, '198.51.100.7')).status);
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
  });

  it("an attacker's failures from elsewhere do not lock the owner out (issue 14.4)", async () => {
    for (let i = 0; i < 12; i++) await login('boss@example.com', `guess-${i}`, '203.0.113.66');
    expect((await login('boss@example.com', 'correct horse battery', '203.0.113.66')).status).toBe(429);
    const owner = await login('boss@example.com', 'correct horse battery', '192.0.2.10');
    expect(owner.status).toBe(200);
  });

  it('refused retries do not extend the refusal: it ends a window after the last counted failure', async () => {
    const from = '203.0.113.77';
    for (let i = 0; i < 8; i++) await login('boss@example.com', `again-${i}`, from);
    for (let i = 0; i < 5; i++) expect((await login('boss@example.com', 'x', from)).status).toBe(429);
    // The counted failures age out of the window; the refused retries made since are recent.
    await db.pool.query(
      `UPDATE private.login_attempt SET at = now() - interval '16 minutes'
        WHERE ip = $1 AND reason IS DISTINCT FROM 'rate_limited'`,
      [from],
    );
    expect((await login('boss@example.com', 'correct horse battery', from)).status).toBe(200);
  });

  it('refuses an address guessing across many accounts', async () => {
    const from = '203.0.113.99';
    for (let i = 0; i < 30; i++) await login(`user-${i}@example.com`, 'guess', from);
    expect((await login('boss@example.com', 'correct horse battery', from)).status).toBe(429);
  });

  it('ends a session left unused longer than SESSION_IDLE_MINUTES (12 hours by default)', async () => {
    const token =
      ((await login('boss@example.com', 'correct horse battery')).headers.get('set-cookie') ?? '').split(
        ';',
      )[0] ?? '';
    expect((await app.request('/api/auth/session', { headers: { cookie: token } })).status).toBe(200);
    await db.pool.query(`UPDATE private.session SET last_used_at = now() - interval '11 hours'`);
    expect((await app.request('/api/auth/session', { headers: { cookie: token } })).status).toBe(200);
    await db.pool.query(`UPDATE private.session SET last_used_at = now() - interval '13 hours'`);
    expect((await app.request('/api/auth/session', { headers: { cookie: token } })).status).toBe(401);
  });

  it('marks the cookie Secure whenever the public URL is https, outside production too', async () => {
    const https = createTestApp(createTestDeps(db, { PUBLIC_URL: 'https://desk.example.com' }));
    const res = await https.request(
      '/api/auth/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'boss@example.com', password: 'correct horse battery' }),
      },
      { incoming: { socket: { remoteAddress: '192.0.2.1' } } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    expect((await login('boss@example.com', 'correct horse battery')).headers.get('set-cookie')).not.toMatch(
      /;\s*Secure/i,
    );
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
