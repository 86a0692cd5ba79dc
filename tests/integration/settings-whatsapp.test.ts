import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../server/crypto/secret-box.ts';
import { readChannelSecrets } from '../../server/settings/channel-secrets.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { cookieFor, createSettingsTestApp } from './permissions-harness.ts';
import {
  EXPIRED_TOKEN,
  GOOD_TOKEN,
  KNOWN_PHONE_ID,
  startFakeGraph,
  UNREGISTERED_PHONE_ID,
} from './settings-fake-graph.ts';
import { createTestDeps } from './test-app.ts';

let db: TestDatabase;
let app: ReturnType<typeof createSettingsTestApp>;
let graph: Awaited<ReturnType<typeof startFakeGraph>>;
let admin: string;
let olga: string;

const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const VERIFY_TOKEN = 'verify-me-please-42';

const call = (cookie: string, method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const form = (over: Record<string, unknown> = {}) => ({
  mode: 'meta',
  primary: { displayPhoneNumber: '+1 555 078 3881', phoneNumberId: KNOWN_PHONE_ID },
  secondary: null,
  wabaId: '102290129340398',
  graphUrl: graph.url,
  accessToken: GOOD_TOKEN,
  appSecret: APP_SECRET,
  verifyToken: VERIFY_TOKEN,
  ...over,
});

beforeAll(async () => {
  db = await createTestDatabase();
  graph = await startFakeGraph();
  app = createSettingsTestApp(createTestDeps(db, { PUBLIC_URL: 'https://desk.example.com' }));
  await db.pool.query(`INSERT INTO operator (id, name, email, role) VALUES
    ('op-admin', 'Ada', 'ada@example.com', 'admin'), ('op-olga', 'Olga', 'olga@example.com', 'operator')`);
  admin = await cookieFor(db.pool, 'op-admin');
  olga = await cookieFor(db.pool, 'op-olga');
});
afterAll(async () => {
  await graph?.close();
  await db?.drop();
});

describe('who may touch the WhatsApp link', () => {
  it('only admins: operators get 403, strangers 401, on every route', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/settings/whatsapp', undefined],
      ['PUT', '/api/settings/whatsapp', form()],
      ['POST', '/api/settings/whatsapp/test', { slot: 1 }],
      ['GET', '/api/settings/whatsapp/verify-token', undefined],
    ] as const) {
      const asOperator = await call(olga, method, path, body);
      expect(asOperator.status).toBe(403);
      expect(await asOperator.json()).toMatchObject({ error: { code: 'forbidden' } });
      expect((await call('', method, path, body)).status).toBe(401);
    }
    expect((await db.pool.query('SELECT count(*)::int AS n FROM channel')).rows[0]?.n).toBe(0);
  });
});

describe('validation', () => {
  it('explains each field that needs attention', async () => {
    const res = await call(
      admin,
      'PUT',
      '/api/settings/whatsapp',
      form({
        primary: { displayPhoneNumber: 'call me', phoneNumberId: '+420 777' },
        secondary: { displayPhoneNumber: '+1 555 000 1111', phoneNumberId: KNOWN_PHONE_ID },
        graphUrl: 'http://graph.facebook.com/v23.0',
        wabaId: '',
        accessToken: 'short',
      }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; details: { fields: Record<string, string> } };
    };
    expect(body.error.code).toBe('invalid_request');
    expect(Object.keys(body.error.details.fields).sort()).toEqual(
      ['accessToken', 'graphUrl', 'primary.displayPhoneNumber', 'primary.phoneNumberId', 'wabaId'].sort(),
    );
    expect(body.error.details.fields['primary.phoneNumberId']).toMatch(/API Setup/);
    expect(body.error.details.fields.graphUrl).toMatch(/https/);
  });

  it('asks for the secrets Meta mode needs when none are stored yet', async () => {
    const res = await call(
      admin,
      'PUT',
      '/api/settings/whatsapp',
      form({ accessToken: '', appSecret: undefined }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { fields: Record<string, string> } } };
    expect(Object.keys(body.error.details.fields).sort()).toEqual(['accessToken', 'appSecret']);
  });

  it('refuses the same phone number id for both numbers', async () => {
    const res = await call(
      admin,
      'PUT',
      '/api/settings/whatsapp',
      form({ secondary: { displayPhoneNumber: '+1 555 000 1111', phoneNumberId: KNOWN_PHONE_ID } }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { details: { fields: { 'secondary.phoneNumberId': expect.any(String) } } },
    });
  });
});

describe('saving: write-only secrets', () => {
  it('stores the link, seals the secrets in private.channel_secret and answers with presence only', async () => {
    const res = await call(admin, 'PUT', '/api/settings/whatsapp', form());
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const secret of [GOOD_TOKEN, APP_SECRET, VERIFY_TOKEN]) expect(text).not.toContain(secret);
    const view = JSON.parse(text);
    expect(view).toMatchObject({
      mode: 'meta',
      primary: { displayPhoneNumber: '+1 555 078 3881', phoneNumberId: KNOWN_PHONE_ID },
      secondary: null,
      wabaId: '102290129340398',
      graphUrl: graph.url,
      webhookUrl: 'https://desk.example.com/webhooks/whatsapp',
      secrets: { accessToken: { set: true }, appSecret: { set: true }, verifyToken: { set: true } },
      secretsReplaced: ['accessToken', 'appSecret', 'verifyToken'],
    });

    const { rows } = await db.pool.query('SELECT * FROM private.channel_secret');
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0]);
    for (const secret of [GOOD_TOKEN, APP_SECRET, VERIFY_TOKEN]) expect(stored).not.toContain(secret);
    // Sealed with the deployment's key (AES-GCM): the key opens them, another key cannot.
    const channelId = view.primary.channelId as string;
    expect(await readChannelSecrets(db.pool, createSecretBox('test-encryption-key'), channelId)).toEqual({
      accessToken: GOOD_TOKEN,
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
    });
    await expect(readChannelSecrets(db.pool, createSecretBox('another-key'), channelId)).rejects.toThrow();
  });

  it('keeps stored secrets when the form leaves them empty, and replaces only what is typed', async () => {
    const before = (
      await db.pool.query('SELECT access_token_enc, app_secret_enc FROM private.channel_secret')
    ).rows[0];
    const res = await call(
      admin,
      'PUT',
      '/api/settings/whatsapp',
      form({ accessToken: '', appSecret: '', verifyToken: '', wabaId: '102290129349999' }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ changed: ['wabaId'], secretsReplaced: [] });
    const after = (await db.pool.query('SELECT access_token_enc, app_secret_enc FROM private.channel_secret'))
      .rows[0];
    expect(after).toEqual(before);

    const replaced = await call(
      admin,
      'PUT',
      '/api/settings/whatsapp',
      form({ accessToken: EXPIRED_TOKEN, appSecret: '', verifyToken: '' }),
    );
    expect(await replaced.json()).toMatchObject({ secretsReplaced: ['accessToken'] });
    const now = (await db.pool.query('SELECT access_token_enc, app_secret_enc FROM private.channel_secret'))
      .rows[0];
    expect(now?.access_token_enc).not.toEqual(before?.access_token_enc);
    expect(now?.app_secret_enc).toEqual(before?.app_secret_enc);
  });

  it('audits what changed, never the values', async () => {
    const { rows } = await db.pool.query(
      `SELECT actor_id, details FROM audit_log WHERE action = 'settings.whatsapp.update' ORDER BY at, id`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.actor_id === 'op-admin')).toBe(true);
    const all = JSON.stringify(rows);
    for (const secret of [GOOD_TOKEN, EXPIRED_TOKEN, APP_SECRET, VERIFY_TOKEN])
      expect(all).not.toContain(secret);
    expect(rows.at(-1)?.details).toEqual({ changed: ['wabaId'], secretsReplaced: ['accessToken'] });
  });

  it('switches how username-only customers are addressed (recipient by default, or to)', async () => {
    const blank = { accessToken: '', appSecret: '', verifyToken: '' };
    const res = await call(
      admin,
      'PUT',
      '/api/settings/whatsapp',
      form({ ...blank, bsuidAddressField: 'to' }),
    );
    expect(await res.json()).toMatchObject({ changed: ['bsuidAddressField'], bsuidAddressField: 'to' });
    expect((await db.pool.query('SELECT bsuid_address_field FROM channel')).rows).toEqual([
      { bsuid_address_field: 'to' },
    ]);
    const back = await call(admin, 'PUT', '/api/settings/whatsapp', form(blank));
    expect(await back.json()).toMatchObject({
      changed: ['bsuidAddressField'],
      bsuidAddressField: 'recipient',
    });
  });
});

describe('Test connection', () => {
  it('reports an expired token and records it as the channel’s health (sends paused)', async () => {
    const res = await call(admin, 'POST', '/api/settings/whatsapp/test', { slot: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: false,
      health: 'token_expired',
      recorded: true,
      graphError: { code: 190, httpStatus: 401 },
    });
    const ch = (
      await db.pool.query('SELECT health, health_error, health_changed_at, sends_paused FROM channel')
    ).rows[0];
    expect(ch).toMatchObject({ health: 'token_expired', sends_paused: true });
    expect(ch?.health_error).toMatch(/expired/);
    expect(ch?.health_changed_at).toBeInstanceOf(Date);
  });

  it('tries a token typed in the form without saving it or touching the health', async () => {
    const res = await call(admin, 'POST', '/api/settings/whatsapp/test', {
      slot: 1,
      draft: { accessToken: GOOD_TOKEN },
    });
    expect(await res.json()).toMatchObject({
      ok: true,
      health: 'ok',
      recorded: false,
      phone: {
        id: KNOWN_PHONE_ID,
        verifiedName: 'CDESK Support',
        qualityRating: 'GREEN',
        platformType: 'CLOUD_API',
      },
    });
    expect((await db.pool.query('SELECT health FROM channel')).rows[0]?.health).toBe('token_expired');
  });

  it('a saved good token makes the channel healthy again and un-pauses sends', async () => {
    await call(
      admin,
      'PUT',
      '/api/settings/whatsapp',
      form({ accessToken: GOOD_TOKEN, appSecret: '', verifyToken: '' }),
    );
    const res = await call(admin, 'POST', '/api/settings/whatsapp/test', { slot: 1 });
    expect(await res.json()).toMatchObject({ ok: true, health: 'ok', recorded: true });
    const ch = (
      await db.pool.query(
        'SELECT health, health_error, sends_paused, verified_name, quality_rating FROM channel',
      )
    ).rows[0];
    expect(ch).toEqual({
      health: 'ok',
      health_error: null,
      sends_paused: false,
      verified_name: 'CDESK Support',
      quality_rating: 'GREEN',
    });
    expect(graph.calls.at(-1)).toMatch(
      new RegExp(`^GET /v23.0/${KNOWN_PHONE_ID}\\?fields=.*Bearer ${GOOD_TOKEN}$`),
    );
  });

  it('explains an unknown phone number id and a number not registered on the Cloud API', async () => {
    const unknown = await call(admin, 'POST', '/api/settings/whatsapp/test', {
      slot: 1,
      draft: { phoneNumberId: '999999999999' },
    });
    expect(await unknown.json()).toMatchObject({
      ok: false,
      health: 'error',
      message: expect.stringMatching(/phone number ID/),
    });
    const unregistered = await call(admin, 'POST', '/api/settings/whatsapp/test', {
      slot: 1,
      draft: { phoneNumberId: UNREGISTERED_PHONE_ID },
    });
    expect(await unregistered.json()).toMatchObject({ ok: false, health: 'not_registered' });
  });

  it('in simulator mode there is nothing to reach', async () => {
    const res = await call(admin, 'POST', '/api/settings/whatsapp/test', {
      slot: 1,
      draft: { mode: 'simulator' },
    });
    expect(await res.json()).toMatchObject({ ok: true, simulator: true });
  });
});

describe('the second number', () => {
  it('is added with the shared secrets, and removed again while it has no conversations', async () => {
    const added = await call(
      admin,
      'PUT',
      '/api/settings/whatsapp',
      form({
        accessToken: '',
        appSecret: '',
        verifyToken: '',
        secondary: { displayPhoneNumber: '+1 555 000 2222', phoneNumberId: '106540352242923' },
      }),
    );
    expect(added.status).toBe(200);
    const view = (await added.json()) as { secondary: { channelId: string } };
    const secrets = await readChannelSecrets(
      db.pool,
      createSecretBox('test-encryption-key'),
      view.secondary.channelId,
    );
    expect(secrets).toEqual({ accessToken: GOOD_TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN });
    expect((await db.pool.query('SELECT count(*)::int AS n FROM channel_stats')).rows[0]?.n).toBe(2);

    const removed = await call(
      admin,
      'PUT',
      '/api/settings/whatsapp',
      form({ accessToken: '', appSecret: '', verifyToken: '' }),
    );
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({ secondary: null, changed: ['secondary.removed'] });
  });

  it('cannot be removed once it has conversations', async () => {
    const added = await call(
      admin,
      'PUT',
      '/api/settings/whatsapp',
      form({
        accessToken: '',
        appSecret: '',
        verifyToken: '',
        secondary: { displayPhoneNumber: '+1 555 000 2222', phoneNumberId: '106540352242923' },
      }),
    );
    const channelId = ((await added.json()) as { secondary: { channelId: string } }).secondary.channelId;
    await db.pool.query(`INSERT INTO contact (id, wa_id) VALUES ('ct-1', '420700000001')`);
    await db.pool.query(
      `INSERT INTO conversation (id, channel_id, contact_id, business_number) VALUES ('cv-1', $1, 'ct-1', '+1 555 000 2222')`,
      [channelId],
    );
    const res = await call(
      admin,
      'PUT',
      '/api/settings/whatsapp',
      form({ accessToken: '', appSecret: '', verifyToken: '' }),
    );
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'channel_in_use' } });
    expect((await db.pool.query('SELECT count(*)::int AS n FROM channel')).rows[0]?.n).toBe(2);
  });
});

describe('the verify token for Meta’s dashboard', () => {
  it('is revealed to admins on purpose, and the reveal is audited', async () => {
    const res = await call(admin, 'GET', '/api/settings/whatsapp/verify-token');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ verifyToken: VERIFY_TOKEN });
    const { rows } = await db.pool.query(
      `SELECT actor_id FROM audit_log WHERE action = 'settings.whatsapp.verify_token_revealed'`,
    );
    expect(rows).toEqual([{ actor_id: 'op-admin' }]);
  });
});
