import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiToken, bootstrapEnvApiToken } from '../../server/api-v1/api-tokens.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { apiClient, createToken } from './api-v1-fixtures.ts';
import { seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, createSettingsTestApp } from './permissions-harness.ts';
import { createTestDeps } from './test-app.ts';

let db: TestDatabase;
let app: ReturnType<typeof createSettingsTestApp>;
let api: ReturnType<typeof apiClient>;
let adminCookie: string;
const token: Record<string, string> = {};

type Page = { data: { id: string }[]; nextCursor: string | null };
const idsOf = (body: unknown) => (body as Page).data.map((c) => c.id);
const setModule = (on: boolean) => db.pool.query('UPDATE settings SET chats_enabled = $1', [on]);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTwoChannels(db.pool);
  app = createSettingsTestApp(createTestDeps(db));
  api = apiClient(app);
  adminCookie = await cookieFor(db.pool, 'op-admin');
  for (const id of ['op-admin', 'op-olga', 'op-rita', 'op-sam'])
    token[id] = await createToken(app, adminCookie, id);
});
afterAll(() => db?.drop());

describe('bearer tokens', () => {
  it('refuses a missing, unknown or malformed token with one error shape', async () => {
    const missing = await api(null, 'GET', '/conversations');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(missing.json).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    const unknown = await api('cdk_thisIsNotARealTokenAtAllxxxxxxxxxxxxxxxxxxx', 'GET', '/conversations');
    expect(unknown.status).toBe(401);
    expect(unknown.json).toMatchObject({ error: { code: 'invalid_token' } });
  });

  it('stores only a hash and shows admins a prefix, never the token', async () => {
    const { rows } = await db.pool.query(
      `SELECT token_hash, token_prefix FROM private.api_token WHERE operator_id = 'op-olga'`,
    );
    const olga = token['op-olga'] ?? '';
    expect(rows).toEqual([
      { token_hash: createHash('sha256').update(olga).digest('hex'), token_prefix: olga.slice(0, 10) },
    ]);
    const list = await app.request('/api/settings/api-tokens', { headers: { cookie: adminCookie } });
    const text = await list.text();
    for (const t of Object.values(token)) expect(text).not.toContain(t);
    expect(JSON.parse(text).tokens).toContainEqual(
      expect.objectContaining({ operatorId: 'op-olga', prefix: olga.slice(0, 10), revokedAt: null }),
    );
  });

  it('only admins create or revoke tokens', async () => {
    const olgaCookie = await cookieFor(db.pool, 'op-olga');
    const res = await app.request('/api/settings/api-tokens', {
      method: 'POST',
      headers: { cookie: olgaCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'mine' }),
    });
    expect(res.status).toBe(403);
    expect((await app.request('/api/settings/api-tokens', { headers: { cookie: olgaCookie } })).status).toBe(
      403,
    );
  });

  it('a revoked token stops working at once; so does one whose operator is deactivated', async () => {
    const temp = await createToken(app, adminCookie, 'op-olga', 'temporary');
    expect((await api(temp, 'GET', '/operators')).status).toBe(200);
    const { rows } = await db.pool.query(`SELECT id FROM private.api_token WHERE name = 'temporary'`);
    const revoke = await app.request(`/api/settings/api-tokens/${rows[0]?.id}`, {
      method: 'DELETE',
      headers: { cookie: adminCookie },
    });
    expect(revoke.status).toBe(200);
    expect((await api(temp, 'GET', '/operators')).json).toMatchObject({ error: { code: 'invalid_token' } });

    const rita = await createToken(app, adminCookie, 'op-rita', 'rita-2');
    await db.pool.query(`UPDATE operator SET active = false WHERE id = 'op-rita'`);
    try {
      expect((await api(rita, 'GET', '/operators')).status).toBe(401);
    } finally {
      await db.pool.query(`UPDATE operator SET active = true WHERE id = 'op-rita'`);
    }
    const audit = await db.pool.query(
      `SELECT action FROM audit_log WHERE action LIKE 'api_token.%' ORDER BY at, id`,
    );
    expect(audit.rows.map((r) => r.action)).toContain('api_token.revoke');
  });

  it('API_TOKEN from the environment becomes an admin token; a revocation sticks, a new value replaces it', async () => {
    const first = 'deploy-token-0123456789-abcdefghij';
    expect(await bootstrapEnvApiToken(db.pool, first, undefined)).toBe('created');
    expect(await authenticateApiToken(db.pool, first)).toMatchObject({
      operatorId: 'op-admin',
      role: 'admin',
    });
    expect(await bootstrapEnvApiToken(db.pool, first, undefined)).toBe('unchanged');
    await db.pool.query(`UPDATE private.api_token SET revoked_at = now() WHERE id = 'api-token-env'`);
    expect(await bootstrapEnvApiToken(db.pool, first, undefined)).toBe('unchanged');
    expect(await authenticateApiToken(db.pool, first)).toBeNull();
    const second = 'deploy-token-rotated-0123456789-xyz';
    expect(await bootstrapEnvApiToken(db.pool, second, undefined)).toBe('updated');
    expect(await authenticateApiToken(db.pool, second)).toMatchObject({ operatorId: 'op-admin' });
    expect(await authenticateApiToken(db.pool, first)).toBeNull();
    const stored = JSON.stringify(
      (await db.pool.query(`SELECT * FROM private.api_token WHERE id = 'api-token-env'`)).rows,
    );
    expect(stored).not.toContain(second.slice(0, 8));
  });
});

describe('GET /conversations', () => {
  it('lists what the operator may see, newest message first', async () => {
    const res = await api(token['op-admin'] ?? '', 'GET', '/conversations');
    expect(res.status).toBe(200);
    expect(idsOf(res.json)).toEqual(['cv-two', 'cv-demo-1', 'cv-demo-2', 'cv-demo-3', 'cv-demo-4']);
    const first = (res.json.data as Record<string, unknown>[])[0];
    expect(first).toMatchObject({
      id: 'cv-two',
      channelId: 'ch-two',
      participant: { contactId: 'ct-two', name: 'Petra Two', phone: '+420600111222' },
      lastMessage: { id: 'msg-two-in', direction: 'in', status: 'received' },
      awaitingReply: true,
      serviceWindow: { open: true },
    });
    expect(first?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('pages with a cursor: every row once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `/conversations?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await api(token['op-olga'] ?? '', 'GET', q);
      expect(res.status).toBe(200);
      const body = res.json as unknown as Page;
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((c) => c.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['cv-two', 'cv-demo-1', 'cv-demo-2', 'cv-demo-3', 'cv-demo-4']);
  });

  it('filters like the Chats table', async () => {
    const t = token['op-olga'] ?? '';
    expect(idsOf((await api(t, 'GET', '/conversations?channelId=ch-two')).json)).toEqual(['cv-two']);
    expect(idsOf((await api(t, 'GET', '/conversations?status=read')).json)).toEqual(['cv-demo-3']);
    expect(idsOf((await api(t, 'GET', '/conversations?awaitingReply=false')).json)).toEqual(['cv-demo-3']);
    expect(idsOf((await api(t, 'GET', '/conversations?q=jana&searchIn=participant')).json)).toEqual([
      'cv-demo-1',
    ]);
    expect(idsOf((await api(t, 'GET', '/conversations?sort=number&order=asc&limit=1')).json)).toEqual([
      'cv-demo-1',
    ]);
  });

  it('rejects bad parameters with the error shape and where it went wrong', async () => {
    const t = token['op-olga'] ?? '';
    const bad = await api(t, 'GET', '/conversations?limit=0&order=sideways');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      error: {
        code: 'invalid_request',
        details: { issues: expect.arrayContaining([expect.objectContaining({ path: 'limit' })]) },
      },
    });
    expect((await api(t, 'GET', '/conversations?status=lost')).json).toMatchObject({
      error: { code: 'invalid_request' },
    });
    expect((await api(t, 'GET', '/conversations?searchIn=secrets')).json).toMatchObject({
      error: { code: 'invalid_request' },
    });
    const page1 = (await api(t, 'GET', '/conversations?limit=1')).json as unknown as Page;
    const mismatched = await api(
      t,
      'GET',
      `/conversations?limit=1&sort=createdAt&cursor=${page1.nextCursor}`,
    );
    expect(mismatched.json).toMatchObject({ error: { code: 'invalid_cursor' } });
    expect((await api(t, 'GET', '/conversations?cursor=garbage')).json).toMatchObject({
      error: { code: 'invalid_cursor' },
    });
    const nowhere = await api(t, 'GET', '/nowhere');
    expect(nowhere.status).toBe(404);
    expect(nowhere.json).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('the same permissions as the UI', () => {
  it('a channel-scoped operator’s token sees only that number, even when asking for the other', async () => {
    const t = token['op-sam'] ?? '';
    expect(idsOf((await api(t, 'GET', '/conversations')).json)).toEqual(['cv-two']);
    expect(idsOf((await api(t, 'GET', '/conversations?channelId=ch-demo')).json)).toEqual([]);
    expect((await api(t, 'GET', '/conversations/cv-demo-1')).status).toBe(404);
    expect((await api(t, 'GET', '/conversations/cv-demo-1/messages')).status).toBe(404);
    expect((await api(t, 'GET', '/conversations/cv-two')).json).toMatchObject({ data: { id: 'cv-two' } });
  });

  it('with the module off, tokens read nothing from Chats; admins still list operators', async () => {
    await setModule(false);
    try {
      expect(idsOf((await api(token['op-olga'] ?? '', 'GET', '/conversations')).json)).toEqual([]);
      expect(idsOf((await api(token['op-admin'] ?? '', 'GET', '/conversations')).json)).toEqual([]);
      expect((await api(token['op-olga'] ?? '', 'GET', '/conversations/cv-demo-1')).status).toBe(404);
      expect((await api(token['op-olga'] ?? '', 'GET', '/operators')).json).toMatchObject({
        error: { code: 'module_disabled' },
      });
      expect((await api(token['op-admin'] ?? '', 'GET', '/operators')).status).toBe(200);
    } finally {
      await setModule(true);
    }
  });

  it('a role change applies to the very next call', async () => {
    await db.pool.query(`UPDATE operator SET channel_scope = '["ch-demo"]' WHERE id = 'op-sam'`);
    try {
      expect(idsOf((await api(token['op-sam'] ?? '', 'GET', '/conversations')).json)).toHaveLength(4);
    } finally {
      await db.pool.query(`UPDATE operator SET channel_scope = '["ch-two"]' WHERE id = 'op-sam'`);
    }
  });
});

describe('GET /conversations/{id}/messages and /operators', () => {
  it('lists a conversation’s messages with cursor pages in either order', async () => {
    const t = token['op-rita'] ?? '';
    const desc = await api(t, 'GET', '/conversations/cv-demo-3/messages');
    expect(idsOf(desc.json)).toEqual(['msg-demo-3-out', 'msg-demo-3-in']);
    expect((desc.json.data as Record<string, unknown>[])[0]).toMatchObject({
      direction: 'out',
      text: 'You are welcome, have a nice day!',
      status: 'read',
      operatorId: 'op-olga',
      reactions: [],
      attachment: null,
    });
    const first = (await api(t, 'GET', '/conversations/cv-demo-3/messages?order=asc&limit=1'))
      .json as unknown as Page;
    expect(first.data.map((m) => m.id)).toEqual(['msg-demo-3-in']);
    const second = (
      await api(t, 'GET', `/conversations/cv-demo-3/messages?order=asc&limit=1&cursor=${first.nextCursor}`)
    ).json as unknown as Page;
    expect(second.data.map((m) => m.id)).toEqual(['msg-demo-3-out']);
    expect(second.nextCursor).toBeNull();
  });

  it('lists operators with their role, permissions and login status, and nothing secret', async () => {
    const res = await api(token['op-rita'] ?? '', 'GET', '/operators');
    expect(res.status).toBe(200);
    expect((res.json.data as Record<string, unknown>[]).find((o) => o.id === 'op-sam')).toEqual({
      id: 'op-sam',
      name: 'Sam Scoped',
      email: 'sam@demo.cdesk.local',
      role: 'operator',
      active: true,
      canSendTemplates: true,
      channelScope: ['ch-two'],
      presence: 'offline',
      lastSeenAt: null,
    });
    expect(res.text).not.toMatch(/argon2|password/i);
  });

  it('gives a connected operator as last active now, an offline one at their last report', async () => {
    // Heartbeats no longer rewrite the row: an operator online since an hour ago is still active now.
    await db.pool.query(
      `UPDATE operator SET presence = 'online', last_seen_at = now() - interval '1 hour' WHERE id = 'op-sam';
       UPDATE operator SET presence = 'offline', last_seen_at = '2026-01-02T03:04:05Z' WHERE id = 'op-olga'`,
    );
    const res = await api(token['op-rita'] ?? '', 'GET', '/operators');
    const byId = new Map((res.json.data as { id: string; lastSeenAt: string }[]).map((o) => [o.id, o]));
    const sam = Date.parse(byId.get('op-sam')?.lastSeenAt ?? '');
    expect(Math.abs(Date.now() - sam)).toBeLessThan(60_000);
    expect(byId.get('op-olga')?.lastSeenAt).toBe('2026-01-02T03:04:05.000Z');
    await db.pool.query(
      `UPDATE operator SET presence = 'offline', last_seen_at = NULL WHERE id IN ('op-sam', 'op-olga')`,
    );
  });
});
