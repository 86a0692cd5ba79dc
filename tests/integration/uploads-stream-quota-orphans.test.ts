import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteOrphanUploads } from '../../server/files/delete-orphan-uploads.ts';
import { storagePath, storeBytes } from '../../server/files/file-store.ts';
import { filesCapability } from '../../server/files/files-capability.ts';
import type { AppDeps } from '../../server/http/app-context.ts';
import { DEMO_PASSWORD, seedDemoWorkspace } from '../../server/seed/demo-workspace.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// Uploads (issue 14.10): streamed to disk as they arrive, within a per-operator quota, and files nobody
// attached are deleted after UPLOAD_ORPHAN_HOURS.

let db: TestDatabase;
let deps: AppDeps;
let app: ReturnType<typeof createTestApp>;
const cookies: Record<string, string> = {};
const MB = 1024 * 1024;
const BOUNDARY = '----cdesk-test-boundary';

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoWorkspace(db.pool);
  deps = createTestDeps(db, { UPLOAD_QUOTA_MB: '3' });
  app = createTestApp(deps, [filesCapability(deps)]);
  for (const who of ['olga', 'admin']) {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${who}@demo.cdesk.local`, password: DEMO_PASSWORD }),
    });
    cookies[who] = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }
});
afterAll(async () => db?.drop());

const partFiles = () => {
  const dir = deps.env.fileStoreDir;
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.part'))
    .map((f) => statSync(path.join(dir, f)).size);
};
const storedFiles = () => {
  const dir = deps.env.fileStoreDir;
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    statSync(path.join(dir, f)).isFile(),
  ).length;
};

const head = (purpose: string, name: string, type: string) =>
  new TextEncoder().encode(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n${purpose}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
const tail = new TextEncoder().encode(`\r\n--${BOUNDARY}--\r\n`);
const pdf = (size: number) => {
  const bytes = new Uint8Array(size).fill(0x41);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  return bytes;
};

function post(body: BodyInit, cookie = cookies.olga ?? '') {
  return app.request('/api/files', {
    method: 'POST',
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body,
    // @ts-expect-error Node's fetch needs this for a streamed request body
    duplex: 'half',
  });
}

describe('POST /api/files streams to disk', () => {
  it('writes the file while its body is still arriving, in one piece at the end', async () => {
    let seenOnDisk = 0;
    const first = pdf(MB);
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(head('request', 'big.pdf', 'application/pdf'));
        controller.enqueue(first);
        // Hold the rest back until the first megabyte is on disk (a route buffering the body in memory
        // would never write it before the body ends; then give up after 5 s).
        for (let i = 0; i < 100 && seenOnDisk < MB / 2; i++) {
          seenOnDisk = Math.max(0, ...partFiles());
          await new Promise((r) => setTimeout(r, 50));
        }
        controller.enqueue(new Uint8Array(MB).fill(0x42));
        controller.enqueue(tail);
        controller.close();
      },
    });
    const res = await post(stream);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(seenOnDisk).toBeGreaterThanOrEqual(MB / 2);
    const { sizeBytes, id } = (await res.json()) as { sizeBytes: number; id: string };
    expect(sizeBytes).toBe(2 * MB);
    const { rows } = await db.pool.query('SELECT storage_key FROM attachment WHERE id = $1', [id]);
    expect(statSync(storagePath(deps.env.fileStoreDir, rows[0].storage_key)).size).toBe(2 * MB);
    expect(partFiles()).toEqual([]);
  });

  it('a truncated or malformed body is a 400 and leaves no file behind', async () => {
    const before = storedFiles();
    const cut = new Uint8Array([...head('request', 'cut.pdf', 'application/pdf'), ...pdf(1000)]);
    expect((await post(cut)).status).toBe(400);
    expect((await post('no multipart here')).status).toBe(400);
    expect(storedFiles()).toBe(before);
  });
});

describe('the per-operator upload quota (UPLOAD_QUOTA_MB=3 here)', () => {
  it('refuses what goes past it in the last 24 hours, leaving nothing stored; others keep theirs', async () => {
    // Olga has 2 MB from the streaming test: 0.9 MB still fits, another 0.9 MB does not.
    const one = new Uint8Array([...head('request', 'a.pdf', 'application/pdf'), ...pdf(0.9 * MB), ...tail]);
    expect((await post(one)).status).toBe(201);
    const before = storedFiles();
    const refused = await post(one);
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('quota_exceeded');
    expect(storedFiles()).toBe(before);
    expect((await post(one, cookies.admin)).status).toBe(201);
    // Uploads older than the window no longer count.
    await db.pool.query(
      `UPDATE attachment SET created_at = now() - interval '25 hours' WHERE uploaded_by = 'op-olga'`,
    );
    expect((await post(one)).status).toBe(201);
  });
});

describe('orphan uploads', () => {
  it('are deleted after UPLOAD_ORPHAN_HOURS unless a message, a request or a template header took them', async () => {
    const dir = deps.env.fileStoreDir;
    const make = async (id: string, hoursAgo: number, uploadedBy: string | null) => {
      const stored = await storeBytes(dir, pdf(100));
      await db.pool.query(
        `INSERT INTO attachment (id, filename, mime_type, size_bytes, storage_key, state, uploaded_by, created_at)
         VALUES ($1, 'f.pdf', 'application/pdf', 100, $2, 'ready', $3, now() - make_interval(hours => $4))`,
        [id, stored.storageKey, uploadedBy, hoursAgo],
      );
      return storagePath(dir, stored.storageKey);
    };
    const orphan = await make('att-orphan', 25, 'op-olga');
    const recent = await make('att-recent', 2, 'op-olga');
    const sent = await make('att-sent', 25, 'op-olga');
    const kept = await make('att-request', 25, 'op-olga');
    const header = await make('att-header', 25, 'op-olga');
    const inbound = await make('att-inbound', 25, null);
    await db.pool.query(
      `INSERT INTO message (id, conversation_id, direction, type, body, status, attachment_id)
         VALUES ('msg-att-sent', 'cv-demo-1', 'out', 'document', '', 'sent', 'att-sent');
       INSERT INTO message (id, conversation_id, direction, type, body, status, template_params)
         VALUES ('msg-att-header', 'cv-demo-1', 'out', 'template', '', 'sent',
                 '{"headerMedia":{"attachmentId":"att-header"}}');
       INSERT INTO request (id, code, name) VALUES ('rq-att', 'REQ-990001', 'With a file');
       INSERT INTO request_attachment (request_id, attachment_id) VALUES ('rq-att', 'att-request');`,
    );
    const removedRows = await deleteOrphanUploads(db.pool, dir, deps.env.UPLOAD_ORPHAN_HOURS);
    // Olga's streamed uploads above are 25 hours old by now and attached to nothing: they go too.
    expect(removedRows).toBeGreaterThanOrEqual(1);
    const { rows } = await db.pool.query(`SELECT id FROM attachment WHERE id LIKE 'att-%' ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual([
      'att-header',
      'att-inbound',
      'att-recent',
      'att-request',
      'att-sent',
    ]);
    expect(existsSync(orphan)).toBe(false);
    for (const f of [recent, sent, kept, header, inbound]) expect(existsSync(f)).toBe(true);
    expect(await deleteOrphanUploads(db.pool, dir, deps.env.UPLOAD_ORPHAN_HOURS)).toBe(0);
  });
});
