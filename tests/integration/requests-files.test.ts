import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storagePath } from '../../server/files/file-store.ts';
import { filesCapability } from '../../server/files/files-capability.ts';
import type { AppDeps } from '../../server/http/app-context.ts';
import { DEMO_PASSWORD, seedDemoWorkspace } from '../../server/seed/demo-workspace.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

let db: TestDatabase;
let deps: AppDeps;
let app: ReturnType<typeof createTestApp>;
const cookies: Record<string, string> = {};

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoWorkspace(db.pool);
  deps = createTestDeps(db);
  app = createTestApp(deps, [filesCapability(deps)]);
  for (const who of ['olga', 'rita']) {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${who}@demo.cdesk.local`, password: DEMO_PASSWORD }),
    });
    cookies[who] = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }
});
afterAll(async () => db?.drop());

function upload(
  bytes: Uint8Array<ArrayBuffer>,
  type: string,
  name: string,
  purpose: string,
  cookie = cookies.olga,
) {
  const form = new FormData();
  form.set('purpose', purpose);
  form.set('file', new File([bytes], name, { type }));
  return app.request('/api/files', { method: 'POST', body: form, headers: cookie ? { cookie } : {} });
}

describe('POST /api/files', () => {
  it('stores the bytes, records a ready attachment owned by the operator and returns its id', async () => {
    const res = await upload(PNG, 'image/png', '../../etc/photo.png', 'message');
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; filename: string; kind: string; sizeBytes: number };
    expect(body).toMatchObject({ filename: 'photo.png', kind: 'image', sizeBytes: PNG.byteLength });
    const { rows } = await db.pool.query('SELECT * FROM attachment WHERE id = $1', [body.id]);
    expect(rows[0]).toMatchObject({ mime_type: 'image/png', state: 'ready', uploaded_by: 'op-olga' });
    const file = storagePath(deps.env.fileStoreDir, rows[0].storage_key);
    expect(existsSync(file)).toBe(true);
    expect(new Uint8Array(readFileSync(file))).toEqual(PNG);
    expect(rows[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a type WhatsApp does not accept, a lying signature and files over the limit', async () => {
    const gif = new TextEncoder().encode('GIF89a....');
    expect((await upload(gif, 'image/gif', 'a.gif', 'message')).status).toBe(415);
    // GIF is fine on a request, but not a "PNG" that is really text.
    expect((await upload(gif, 'image/gif', 'a.gif', 'request')).status).toBe(201);
    const fake = await upload(
      new TextEncoder().encode('<svg onload=alert(1)>'),
      'image/png',
      'x.png',
      'request',
    );
    expect(fake.status).toBe(415);
    expect(((await fake.json()) as { error: { message: string } }).error.message).toMatch(/not a image\/png/);
    expect((await upload(new TextEncoder().encode('<html>'), 'text/html', 'x.html', 'request')).status).toBe(
      415,
    );
    const bigJpeg = new Uint8Array(5 * 1024 * 1024 + 1);
    bigJpeg.set([0xff, 0xd8, 0xff]);
    const big = await upload(bigJpeg, 'image/jpeg', 'big.jpg', 'message');
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { message: string } }).error.message).toMatch(/at most 5 MB/);
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM attachment WHERE filename IN ('x.png', 'big.jpg')`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('needs a signed-in operator who may write', async () => {
    expect((await upload(PNG, 'image/png', 'a.png', 'message', '')).status).toBe(401);
    expect((await upload(PNG, 'image/png', 'a.png', 'message', cookies.rita)).status).toBe(403);
    const res = await app.request('/api/files', {
      method: 'POST',
      headers: { cookie: cookies.olga ?? '', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400);
  });
});

describe('GET /api/emoji/en/:file', () => {
  it('serves the emoji picker data from our origin with an ETag, and nothing else', async () => {
    const res = await app.request('/api/emoji/en/data.json');
    expect(res.status).toBe(200);
    const data = (await res.json()) as { emoji: string; label: string }[];
    expect(data.some((e) => e.label === 'thumbs up')).toBe(true);
    const etag = res.headers.get('etag') ?? '';
    expect(
      (await app.request('/api/emoji/en/data.json', { headers: { 'if-none-match': etag } })).status,
    ).toBe(304);
    expect((await app.request('/api/emoji/en/messages.json')).status).toBe(200);
    expect((await app.request('/api/emoji/en/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await app.request('/api/emoji/en/compact.json')).status).toBe(404);
  });
});
