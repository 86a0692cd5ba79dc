import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password.ts';
import { sweepPresence } from '../../server/operators/presence-sweeper.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { cookieFor, createSettingsTestApp } from './permissions-harness.ts';
import { createTestDeps } from './test-app.ts';

let db: TestDatabase;
let app: ReturnType<typeof createSettingsTestApp>;
let admin: string;

const call = (cookie: string, method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const login = (email: string, password: string) =>
  app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
const sessionOk = async (cookie: string) =>
  (await app.request('/api/auth/session', { headers: { cookie } })).status === 200;
const cookieFrom = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const operatorRow = async (id: string) =>
  (
    await db.pool.query(
      'SELECT name, email, role, can_send_templates, channel_scope, active, presence FROM operator WHERE id = $1',
      [id],
    )
  ).rows[0];
const auditActions = async (target: string) =>
  (await db.pool.query('SELECT action FROM audit_log WHERE target = $1 ORDER BY at, id', [target])).rows.map(
    (r) => r.action,
  );

beforeAll(async () => {
  db = await createTestDatabase();
  app = createSettingsTestApp(createTestDeps(db, { PUBLIC_URL: 'https://desk.example.com' }));
  const hash = await hashPassword('admin-password-1');
  await db.pool.query(`INSERT INTO operator (id, name, email, role) VALUES
    ('op-admin', 'Ada', 'ada@example.com', 'admin'), ('op-olga', 'Olga', 'olga@example.com', 'operator')`);
  await db.pool.query(
    `INSERT INTO private.operator_credential (operator_id, password_hash) VALUES ('op-admin', $1)`,
    [hash],
  );
  await db.pool.query(
    `INSERT INTO channel (id, slot, display_phone_number, phone_number_id) VALUES ('ch-1', 1, '+1 555', '1000001')`,
  );
  admin = await cookieFor(db.pool, 'op-admin');
});
afterAll(() => db?.drop());

describe('only admins administer operators', () => {
  it('an operator is refused on every route and nothing changes', async () => {
    const olga = await cookieFor(db.pool, 'op-olga');
    for (const [method, path, body] of [
      ['POST', '/api/settings/operators', { name: 'X', email: 'x@example.com' }],
      ['PATCH', '/api/settings/operators/op-olga', { role: 'admin' }],
      ['POST', '/api/settings/operators/op-admin/password', { password: 'takeover-pass-1' }],
      ['POST', '/api/settings/operators/op-admin/invite', undefined],
      ['POST', '/api/settings/operators/op-admin/revoke-sessions', undefined],
      ['GET', '/api/settings/operators/op-admin/sessions', undefined],
    ] as const) {
      const res = await call(olga, method, path, body);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect((await operatorRow('op-olga'))?.role).toBe('operator');
    expect(await sessionOk(admin)).toBe(true);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM operator')).rows[0]?.n).toBe(2);
  });
});

describe('inviting a new operator', () => {
  let inviteUrl = '';
  let id = '';

  it('creates the operator with role and permissions, and a one-time link instead of a password', async () => {
    const res = await call(admin, 'POST', '/api/settings/operators', {
      name: 'Nina New',
      email: 'Nina@Example.com',
      role: 'readonly',
      canSendTemplates: false,
      channelScope: ['ch-1'],
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; inviteUrl: string };
    id = body.id;
    inviteUrl = body.inviteUrl;
    expect(inviteUrl).toMatch(/^https:\/\/desk\.example\.com\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(await operatorRow(id)).toEqual({
      name: 'Nina New',
      email: 'nina@example.com',
      role: 'readonly',
      can_send_templates: false,
      channel_scope: ['ch-1'],
      active: true,
      presence: 'offline',
    });
    expect(
      (await db.pool.query('SELECT 1 FROM private.operator_credential WHERE operator_id = $1', [id]))
        .rowCount,
    ).toBe(0);
    // Only a hash of the link's token is stored.
    const token = inviteUrl.split('/').pop() ?? '';
    expect(JSON.stringify((await db.pool.query('SELECT * FROM private.operator_invite')).rows)).not.toContain(
      token,
    );
  });

  it('the link shows who it is for, sets the password once and signs the operator in', async () => {
    const token = inviteUrl.split('/').pop() ?? '';
    const info = await app.request(`/api/auth/invite/${token}`);
    expect(await info.json()).toEqual({ name: 'Nina New', email: 'nina@example.com' });
    const tooShort = await app.request('/api/auth/invite/accept', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: 'short' }),
    });
    expect(tooShort.status).toBe(400);
    expect(await tooShort.json()).toMatchObject({
      error: { details: { fields: { password: expect.any(String) } } },
    });
    const accepted = await app.request('/api/auth/invite/accept', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: 'nina-chose-this' }),
    });
    expect(accepted.status).toBe(200);
    expect(await sessionOk(cookieFrom(accepted))).toBe(true);
    const reused = await app.request(`/api/auth/invite/${token}`);
    expect(reused.status).toBe(404);
    expect(await reused.json()).toMatchObject({ error: { code: 'invite_invalid' } });
    expect((await login('nina@example.com', 'nina-chose-this')).status).toBe(200);
    expect(await auditActions(`operator:${id}`)).toEqual([
      'operator.create',
      'operator.password_chosen',
      'auth.login',
      'auth.login',
    ]);
  });

  it('or with a password set by the admin; an email is used once', async () => {
    const res = await call(admin, 'POST', '/api/settings/operators', {
      name: 'Paul',
      email: 'paul@example.com',
      password: 'paul-password-1',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).not.toHaveProperty('inviteUrl');
    expect((await login('paul@example.com', 'paul-password-1')).status).toBe(200);
    const dup = await call(admin, 'POST', '/api/settings/operators', {
      name: 'Paul 2',
      email: 'PAUL@example.com',
    });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({
      error: { code: 'email_taken', details: { fields: { email: expect.any(String) } } },
    });
  });

  it('explains invalid fields', async () => {
    const res = await call(admin, 'POST', '/api/settings/operators', {
      name: '',
      email: 'not-an-email',
      role: 'superuser',
      channelScope: [],
      password: 'short',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { fields: Record<string, string> } } };
    expect(Object.keys(body.error.details.fields).sort()).toEqual([
      'channelScope',
      'email',
      'name',
      'password',
      'role',
    ]);
    const unknownChannel = await call(admin, 'POST', '/api/settings/operators', {
      name: 'Q',
      email: 'q@example.com',
      channelScope: ['ch-gone'],
    });
    expect(unknownChannel.status).toBe(400);
    expect(await unknownChannel.json()).toMatchObject({
      error: { details: { fields: { channelScope: expect.any(String) } } },
    });
  });
});

describe('editing, deactivating, sessions', () => {
  it('changes role and permissions, auditing each change with before and after', async () => {
    const res = await call(admin, 'PATCH', '/api/settings/operators/op-olga', {
      role: 'readonly',
      canSendTemplates: false,
      channelScope: ['ch-1'],
    });
    expect(res.status).toBe(200);
    expect(await operatorRow('op-olga')).toMatchObject({
      role: 'readonly',
      can_send_templates: false,
      channel_scope: ['ch-1'],
    });
    const { rows } = await db.pool.query(
      `SELECT action, details FROM audit_log WHERE target = 'operator:op-olga' AND action = 'operator.permissions'`,
    );
    expect(rows[0]?.details.changes).toEqual({
      role: { from: 'operator', to: 'readonly' },
      canSendTemplates: { from: true, to: false },
      channelScope: { from: null, to: ['ch-1'] },
    });
    // The session reflects the change on its next request.
    const olga = await cookieFor(db.pool, 'op-olga');
    const session = (await (
      await app.request('/api/auth/session', { headers: { cookie: olga } })
    ).json()) as {
      operator: { role: string };
    };
    expect(session.operator.role).toBe('readonly');
  });

  it('deactivation ends every session at once, refuses sign-in and shows the operator offline', async () => {
    const hash = await hashPassword('olga-password-1');
    await db.pool.query(
      `INSERT INTO private.operator_credential (operator_id, password_hash) VALUES ('op-olga', $1)`,
      [hash],
    );
    const s1 = await cookieFor(db.pool, 'op-olga');
    const s2 = await cookieFor(db.pool, 'op-olga');
    await db.pool.query(`UPDATE operator SET presence = 'online', last_seen_at = now() WHERE id = 'op-olga'`);
    expect((await call(admin, 'PATCH', '/api/settings/operators/op-olga', { active: false })).status).toBe(
      200,
    );
    expect(await sessionOk(s1)).toBe(false);
    expect(await sessionOk(s2)).toBe(false);
    expect((await login('olga@example.com', 'olga-password-1')).status).toBe(401);
    expect(await operatorRow('op-olga')).toMatchObject({ active: false, presence: 'offline' });
    expect(await auditActions('operator:op-olga')).toContain('operator.deactivate');
    expect((await call(admin, 'PATCH', '/api/settings/operators/op-olga', { active: true })).status).toBe(
      200,
    );
    expect((await login('olga@example.com', 'olga-password-1')).status).toBe(200);
  });

  it('an admin cannot lock themselves out', async () => {
    for (const change of [{ role: 'operator' }, { active: false }]) {
      const res = await call(admin, 'PATCH', '/api/settings/operators/op-admin', change);
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ error: { code: 'self_lockout' } });
    }
    expect(await operatorRow('op-admin')).toMatchObject({ role: 'admin', active: true });
  });

  it('two admins demoting each other at once leave one administrator', async () => {
    await db.pool.query(
      `INSERT INTO operator (id, name, email, role) VALUES ('op-bea', 'Bea', 'bea@example.com', 'admin')`,
    );
    const bea = await cookieFor(db.pool, 'op-bea');
    const results = await Promise.all([
      call(admin, 'PATCH', '/api/settings/operators/op-bea', { role: 'operator' }),
      call(bea, 'PATCH', '/api/settings/operators/op-admin', { role: 'operator' }),
    ]);
    expect(results.map((r) => r.status).filter((s) => s === 200)).toHaveLength(1);
    const { rows } = await db.pool.query(`SELECT id FROM operator WHERE role = 'admin' AND active`);
    expect(rows).toHaveLength(1);
    // Restore: whoever is left makes the other admin again.
    const leftCookie = rows[0]?.id === 'op-admin' ? admin : bea;
    await call(
      leftCookie,
      'PATCH',
      `/api/settings/operators/${rows[0]?.id === 'op-admin' ? 'op-bea' : 'op-admin'}`,
      { role: 'admin' },
    );
    expect(
      (await db.pool.query(`SELECT count(*)::int AS n FROM operator WHERE role = 'admin'`)).rows[0]?.n,
    ).toBe(2);
  });

  it('a password set by an admin ends the operator’s sessions; a reset link replaces older links', async () => {
    const paul = (await db.pool.query(`SELECT id FROM operator WHERE email = 'paul@example.com'`)).rows[0]
      ?.id as string;
    const old = await cookieFor(db.pool, paul);
    expect(
      (await call(admin, 'POST', `/api/settings/operators/${paul}/password`, { password: 'paul-password-2' }))
        .status,
    ).toBe(200);
    expect(await sessionOk(old)).toBe(false);
    expect((await login('paul@example.com', 'paul-password-1')).status).toBe(401);
    expect((await login('paul@example.com', 'paul-password-2')).status).toBe(200);

    const first = (await (await call(admin, 'POST', `/api/settings/operators/${paul}/invite`)).json()) as {
      inviteUrl: string;
    };
    const second = (await (await call(admin, 'POST', `/api/settings/operators/${paul}/invite`)).json()) as {
      inviteUrl: string;
    };
    expect((await app.request(`/api/auth/invite/${first.inviteUrl.split('/').pop()}`)).status).toBe(404);
    expect((await app.request(`/api/auth/invite/${second.inviteUrl.split('/').pop()}`)).status).toBe(200);
  });

  it('lists and revokes sessions; for one’s own account the current session stays', async () => {
    const paul = (await db.pool.query(`SELECT id FROM operator WHERE email = 'paul@example.com'`)).rows[0]
      ?.id as string;
    const s = await cookieFor(db.pool, paul);
    const list = await call(admin, 'GET', `/api/settings/operators/${paul}/sessions`);
    const text = await list.text();
    expect(JSON.parse(text).sessions.length).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(s.split('=')[1] ?? '');
    expect(
      await (await call(admin, 'POST', `/api/settings/operators/${paul}/revoke-sessions`)).json(),
    ).toMatchObject({
      revoked: expect.any(Number),
    });
    expect(await sessionOk(s)).toBe(false);

    const other = await cookieFor(db.pool, 'op-admin');
    await call(admin, 'POST', '/api/settings/operators/op-admin/revoke-sessions');
    expect(await sessionOk(admin)).toBe(true);
    expect(await sessionOk(other)).toBe(false);
  });
});

describe('presence', () => {
  it('the sweeper turns operators offline two minutes after their last report', async () => {
    await db.pool.query(
      `UPDATE operator SET presence = 'online', last_seen_at = now() - interval '3 minutes' WHERE id = 'op-olga'`,
    );
    await db.pool.query(
      `UPDATE operator SET presence = 'away', last_seen_at = now() - interval '30 seconds' WHERE id = 'op-admin'`,
    );
    await db.pool.query(`UPDATE operator SET presence = 'online', last_seen_at = NULL WHERE id = 'op-bea'`);
    expect(await sweepPresence(db.pool)).toBe(2);
    expect((await operatorRow('op-olga'))?.presence).toBe('offline');
    expect((await operatorRow('op-admin'))?.presence).toBe('away');
    expect((await operatorRow('op-bea'))?.presence).toBe('offline');
    expect(await sweepPresence(db.pool)).toBe(0);
  });
});

describe('passwords that are easy to guess are refused (issue 14.4)', () => {
  const weak = ['1111111111', 'password123', 'qwertyuiop', '1234567890', 'Password!234'];

  it('when an admin creates an operator or sets a password', async () => {
    for (const password of weak) {
      const res = await call(admin, 'POST', '/api/settings/operators', {
        name: 'Weak',
        email: 'weak@example.com',
        password,
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: 'weak_password', details: { fields: { password: expect.any(String) } } },
      });
    }
    const set = await call(admin, 'POST', '/api/settings/operators/op-olga/password', {
      password: '1111111111',
    });
    expect(set.status).toBe(400);
    const named = await call(admin, 'POST', '/api/settings/operators/op-olga/password', {
      password: 'olga@example.com',
    });
    expect(named.status).toBe(400);
    expect((await db.pool.query(`SELECT 1 FROM operator WHERE email = 'weak@example.com'`)).rowCount).toBe(0);
  });

  it('when an operator chooses one from an invite link, which stays usable', async () => {
    const created = await call(admin, 'POST', '/api/settings/operators', {
      name: 'Walter',
      email: 'walter@example.com',
    });
    const token = ((await created.json()) as { inviteUrl: string }).inviteUrl.split('/').pop() ?? '';
    const accept = (password: string) =>
      app.request('/api/auth/invite/accept', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, password }),
      });
    const refused = await accept('1111111111');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'weak_password' } });
    expect((await accept('walter-picks-a-phrase')).status).toBe(200);
  });
});
