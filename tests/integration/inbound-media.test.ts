// Inbound media in the background: fetched through the Graph API, checked, stored, served to the right
// operators only; failures retried, then shown as failed with a retry that works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password.ts';
import { createMediaDownloadWorker } from '../../server/media/media-download-worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createSimHarness, type SimHarness } from './simulator-harness.ts';

let db: TestDatabase;
let h: SimHarness;
let admin: string;
let readonly: string;
let scoped: string;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function operator(email: string, role: string, scope: string[] | null): Promise<string> {
  const id = `op-${email.split('@')[0]}`;
  await db.pool.query(
    'INSERT INTO operator (id, name, email, role, channel_scope) VALUES ($1, $2, $3, $4, $5)',
    [id, email, email, role, scope === null ? null : JSON.stringify(scope)],
  );
  await db.pool.query(
    'INSERT INTO private.operator_credential (operator_id, password_hash) VALUES ($1, $2)',
    [id, await hashPassword('a long password')],
  );
  const res = await h.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'a long password' }),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createSimHarness(db);
  admin = await h.login();
  readonly = await operator('reader@example.com', 'readonly', null);
  scoped = await operator('elsewhere@example.com', 'operator', ['ch-other']);
});
afterAll(() => db.drop());

/** A customer sends a photo; returns the product's attachment id for it. */
async function photo(name: string): Promise<string> {
  const customer = await h.sim('POST', '/customers', { name });
  const sent = await h.sim('POST', `/customers/${customer.json.customer.waId}/messages`, {
    type: 'image',
    mimeType: 'image/png',
    dataBase64: PNG.toString('base64'),
  });
  expect(sent.status).toBe(201);
  await h.idle();
  const { rows } = await db.pool.query('SELECT attachment_id FROM message WHERE wamid = $1', [
    sent.json.wamid,
  ]);
  return rows[0].attachment_id;
}

const attachment = async (id: string) =>
  (await db.pool.query('SELECT state, error, size_bytes FROM attachment WHERE id = $1', [id])).rows[0];

/** A Graph "network" that misbehaves as told, then behaves. */
function flaky(mode: 'server_error' | 'corrupt' | 'gone', times: number): typeof fetch {
  let left = times;
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (left > 0 && url.includes('/download/')) {
      left -= 1;
      if (mode === 'server_error')
        return new Response('{"error":{"message":"boom","code":1}}', { status: 500 });
      if (mode === 'corrupt') return new Response(new Uint8Array(PNG.byteLength).fill(7), { status: 200 });
    }
    if (mode === 'gone' && /graph\/v\d+\.\d+\/\d+$/.test(new URL(url).pathname)) {
      return new Response(
        JSON.stringify({ error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100 } }),
        { status: 400 },
      );
    }
    return h.fetch(input, init);
  };
}

describe('media download worker', () => {
  it('retries a transient failure and then stores the file', async () => {
    const id = await photo('Transient');
    const worker = createMediaDownloadWorker(h.deps, {
      fetch: flaky('server_error', 2),
      retryDelaysMs: [0, 0, 0],
    });
    await worker.drain();
    expect(await attachment(id)).toMatchObject({ state: 'ready', size_bytes: PNG.byteLength });
  });

  it('marks a download failed after its retries (sha256 mismatch), keeps the message, and retries on request', async () => {
    const id = await photo('Corrupted');
    const worker = createMediaDownloadWorker(h.deps, { fetch: flaky('corrupt', 99), retryDelaysMs: [0, 0] });
    await worker.drain();
    expect(await attachment(id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/sha256/) });
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM message WHERE attachment_id = $1', [
      id,
    ]);
    expect(rows[0].n).toBe(1);
    expect((await h.app.request(`/files/${id}`, { headers: { cookie: admin } })).status).toBe(409);

    expect(
      (await h.app.request(`/files/${id}/retry`, { method: 'POST', headers: { cookie: readonly } })).status,
    ).toBe(403);
    const retry = await h.app.request(`/files/${id}/retry`, { method: 'POST', headers: { cookie: admin } });
    expect(retry.status).toBe(202);
    expect(await attachment(id)).toMatchObject({ state: 'pending', error: null });
    await h.media.drain();
    expect(await attachment(id)).toMatchObject({ state: 'ready' });
    expect(
      (await h.app.request(`/files/${id}/retry`, { method: 'POST', headers: { cookie: admin } })).status,
    ).toBe(409);
  });

  it('fails at once when Meta says the media does not exist', async () => {
    const id = await photo('Gone');
    const worker = createMediaDownloadWorker(h.deps, { fetch: flaky('gone', 0), retryDelaysMs: [0, 0, 0] });
    expect(await worker.drain()).toBe(1);
    expect(await attachment(id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/code 100/) });
  });
});

describe('the access token goes only to Graph and Meta media hosts (issue 14.7)', () => {
  it('a Graph answer naming another host gets no download, so no token', async () => {
    const id = await photo('Redirected');
    const asked: string[] = [];
    const hostile: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      asked.push(url);
      const res = await h.fetch(input, init);
      if (/graph\/v\d+\.\d+\/[^/]+$/.test(new URL(url).pathname) && res.ok) {
        const body = (await res.json()) as Record<string, unknown>;
        return Response.json({ ...body, url: 'https://collector.example.net/media.png' });
      }
      return res;
    };
    const worker = createMediaDownloadWorker(h.deps, { fetch: hostile, retryDelaysMs: [0, 0, 0] });
    await worker.drain();
    expect(asked.some((u) => u.includes('collector.example.net'))).toBe(false);
    expect(await attachment(id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/Refusing/) });
  });

  it('a crafted media id does not leave the /vNN.0 path: it fails without any request', async () => {
    const id = await photo('Crafted');
    await db.pool.query(`UPDATE attachment SET meta_media_id = '../../1000001/messages' WHERE id = $1`, [id]);
    const asked: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      asked.push(input instanceof Request ? input.url : String(input));
      return h.fetch(input, init);
    };
    const worker = createMediaDownloadWorker(h.deps, { fetch: recording, retryDelaysMs: [0, 0, 0] });
    await worker.drain();
    expect(asked).toEqual([]);
    expect(await attachment(id)).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/invalid media id/),
    });
  });
});

describe('GET /files/:id', () => {
  it('serves operators who may see the conversation, with ranges, and nobody else', async () => {
    const id = await photo('Served');
    await h.media.drain();
    const full = await h.app.request(`/files/${id}`, { headers: { cookie: readonly } });
    expect(full.status).toBe(200);
    expect(full.headers.get('content-length')).toBe(String(PNG.byteLength));
    expect(full.headers.get('content-security-policy')).toMatch(/sandbox/);
    const etag = full.headers.get('etag') ?? '';
    expect(
      (await h.app.request(`/files/${id}`, { headers: { cookie: readonly, 'if-none-match': etag } })).status,
    ).toBe(304);
    const part = await h.app.request(`/files/${id}`, { headers: { cookie: admin, range: 'bytes=1-4' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1-4/${PNG.byteLength}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(PNG.subarray(1, 5))).toBe(true);
    expect(
      (await h.app.request(`/files/${id}`, { headers: { cookie: admin, range: 'bytes=999-' } })).status,
    ).toBe(416);
    expect((await h.app.request(`/files/${id}`, { headers: { cookie: scoped } })).status).toBe(404);
    expect((await h.app.request(`/files/${id}`)).status).toBe(401);
    expect((await h.app.request('/files/no-such-file', { headers: { cookie: admin } })).status).toBe(404);
    await db.pool.query(`UPDATE settings SET chats_enabled = false`);
    expect((await h.app.request(`/files/${id}`, { headers: { cookie: admin } })).status).toBe(404);
    await db.pool.query(`UPDATE settings SET chats_enabled = true`);
  });
});
