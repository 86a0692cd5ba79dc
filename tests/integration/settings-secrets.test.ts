import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, createSettingsTestApp, syncedRows } from './permissions-harness.ts';
import { GOOD_TOKEN, KNOWN_PHONE_ID, startFakeGraph } from './settings-fake-graph.ts';
import { createTestDeps } from './test-app.ts';

// Every secret the product handles (Meta access token and app secret, the verify token, operator
// passwords, API tokens, invite links) is written through the real routes, then looked for in every
// replicated table (schema public: what zero-cache may send to browsers), in every row a synced query
// returns, and in every response body of the session.

const META_TOKEN = GOOD_TOKEN;
const APP_SECRET = 'f00dfacecafebeef0123456789abcdef';
const VERIFY = 'verify-token-for-meta-77';
const PASSWORD = 'operator-password-123';

let db: TestDatabase;
let app: ReturnType<typeof createSettingsTestApp>;
let graph: Awaited<ReturnType<typeof startFakeGraph>>;
let admin: string;
const responses: { path: string; body: string }[] = [];
let apiToken = '';
let inviteToken = '';

async function call(cookie: string, method: string, path: string, body?: unknown, bearer?: string) {
  const res = await app.request(path, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  responses.push({ path: `${method} ${path}`, body: text });
  return { status: res.status, text };
}

beforeAll(async () => {
  db = await createTestDatabase();
  graph = await startFakeGraph();
  await seedTwoChannels(db.pool);
  app = createSettingsTestApp(createTestDeps(db));
  admin = await cookieFor(db.pool, 'op-admin');

  // Everything secret, through the routes an admin uses.
  const link = await call(admin, 'PUT', '/api/settings/whatsapp', {
    mode: 'meta',
    primary: { displayPhoneNumber: '+1 555 010 0100', phoneNumberId: KNOWN_PHONE_ID },
    secondary: { displayPhoneNumber: '+1 555 020 0200', phoneNumberId: '100000000000002' },
    wabaId: '200000000000001',
    graphUrl: graph.url,
    accessToken: META_TOKEN,
    appSecret: APP_SECRET,
    verifyToken: VERIFY,
  });
  expect(link.status).toBe(200);
  await call(admin, 'POST', '/api/settings/whatsapp/test', { slot: 1 });
  await call(admin, 'POST', '/api/settings/operators', {
    name: 'Pia',
    email: 'pia@example.com',
    password: PASSWORD,
  });
  const invited = await call(admin, 'POST', '/api/settings/operators', {
    name: 'Ivo',
    email: 'ivo@example.com',
  });
  inviteToken = (JSON.parse(invited.text) as { inviteUrl: string }).inviteUrl.split('/').pop() ?? '';
  const created = await call(admin, 'POST', '/api/settings/api-tokens', { name: 'CRM sync' });
  apiToken = (JSON.parse(created.text) as { token: string }).token;

  // …and everything an admin, an operator or an integration may read afterwards.
  const olga = await cookieFor(db.pool, 'op-olga');
  for (const c of [admin, olga]) {
    await call(c, 'GET', '/api/settings/whatsapp');
    await call(c, 'GET', '/api/settings/api-tokens');
    await call(c, 'GET', '/api/auth/session');
    await call(c, 'GET', '/api/settings/operators/op-olga/sessions');
    await call(c, 'GET', '/api/settings/audit/logins');
  }
  for (const path of [
    '/api/v1/conversations',
    '/api/v1/operators',
    '/api/v1/conversations/cv-demo-1/messages',
  ]) {
    await call('', 'GET', path, undefined, apiToken);
  }
  await call('', 'GET', '/api/v1/openapi.json');
});
afterAll(async () => {
  await graph?.close();
  await db?.drop();
});

const secrets = () => ({
  metaAccessToken: META_TOKEN,
  appSecret: APP_SECRET,
  verifyToken: VERIFY,
  password: PASSWORD,
  apiToken,
  inviteToken,
});

describe('secrets stay out of reach', () => {
  it('no replicated (public) table holds any secret, in any column', async () => {
    const { rows: tables } = await db.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(15);
    for (const { table_name } of tables) {
      const { rows } = await db.pool.query(`SELECT t::text AS row FROM public."${table_name}" t`);
      const dump = rows.map((r) => r.row).join('\n');
      for (const [name, value] of Object.entries(secrets())) {
        expect(value.length).toBeGreaterThan(10);
        expect(dump.includes(value), `${name} found in public.${table_name}`).toBe(false);
      }
      expect(dump).not.toMatch(/\$argon2/);
    }
  });

  it('no synced query returns a secret, even to an admin', async () => {
    const names = [
      'settings.get',
      'operators.list',
      'operators.me',
      'channels.list',
      'audit.recent',
      'conversations.list',
    ];
    const rows = [];
    for (const name of names)
      rows.push(
        ...(await syncedRows(app, db.pool, admin, name, name === 'conversations.list' ? {} : undefined)),
      );
    const dump = JSON.stringify(rows);
    for (const value of Object.values(secrets())) expect(dump).not.toContain(value);
  });

  it('no response carries a Meta secret; an API token or invite link appears only in the answer that created it', async () => {
    expect(responses.length).toBeGreaterThan(15);
    for (const { path, body } of responses) {
      for (const [name, value] of Object.entries(secrets())) {
        const creating =
          (name === 'apiToken' && path === 'POST /api/settings/api-tokens') ||
          (name === 'inviteToken' && path === 'POST /api/settings/operators');
        if (creating) continue;
        expect(body.includes(value), `${name} in the response to ${path}`).toBe(false);
      }
    }
  });

  it('stored secrets are sealed or hashed, never in clear', async () => {
    const dump = JSON.stringify([
      (await db.pool.query('SELECT * FROM private.channel_secret')).rows,
      (await db.pool.query('SELECT * FROM private.api_token')).rows,
      (await db.pool.query('SELECT * FROM private.operator_credential')).rows,
      (await db.pool.query('SELECT * FROM private.operator_invite')).rows,
      (await db.pool.query('SELECT * FROM private.session')).rows,
    ]);
    for (const value of Object.values(secrets())) expect(dump).not.toContain(value);
  });
});
