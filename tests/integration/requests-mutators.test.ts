import { randomUUID } from 'node:crypto';
import type { ApplicationError } from '@rocicorp/zero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZeroContext } from '../../schema/context.ts';
import { createRequestFromMessage } from '../../server/requests/create-request-from-message.ts';
import { seedDemoWorkspace } from '../../server/seed/demo-workspace.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { mutatorRunner, OLGA, type RunMutator } from './mutator-runner.ts';
import { createTestDeps } from './test-app.ts';

let db: TestDatabase;
let run: RunMutator;

const rita: ZeroContext = { ...OLGA, userID: 'op-rita', role: 'readonly' };
const scopedElsewhere: ZeroContext = { ...OLGA, channelScope: ['ch-other'] };

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoWorkspace(db.pool);
  const deps = createTestDeps(db);
  run = mutatorRunner(deps, db.pool);
});
afterAll(async () => db?.drop());

async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return ((err as ApplicationError<{ code: string }>).details as { code: string } | undefined)?.code;
  }
  throw new Error('expected a rejection');
}

const createArgs = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  name: 'Order SKB-42 missing',
  description: 'Hello, my order SKB-42 has not arrived yet.',
  conversationId: 'cv-demo-1',
  sourceMessageId: 'msg-demo-1-in',
  now: 1,
  ...over,
});

async function requestRow(id: string) {
  const { rows } = await db.pool.query('SELECT * FROM request WHERE id = $1', [id]);
  return rows[0];
}

describe('requests.create (server)', () => {
  it('numbers requests from request_code_seq and links them to the message and the customer', async () => {
    const a = createArgs({ requestTemplateId: 'rt-complaint', companyId: 'co-acme' });
    const b = createArgs();
    await run('requests.create', a);
    await run('requests.create', b);
    const ra = await requestRow(a.id);
    const rb = await requestRow(b.id);
    expect(ra.code).toMatch(/^REQ-\d{6}$/);
    expect(Number(rb.code.slice(4))).toBe(Number(ra.code.slice(4)) + 1);
    expect(ra).toMatchObject({
      origin_conversation_id: 'cv-demo-1',
      origin_message_id: 'msg-demo-1-in',
      contact_id: 'ct-demo-1',
      company_id: 'co-acme',
      created_by: 'op-olga',
      // The complaint template opens requests as "open".
      status: 'open',
      description: 'Hello, my order SKB-42 has not arrived yet.',
    });
    expect(rb.status).toBe('new');
  });

  it('is idempotent on the client id and burns no number on a replay', async () => {
    const a = createArgs();
    await run('requests.create', a);
    await run('requests.create', { ...a, name: 'Changed' });
    const next = createArgs();
    await run('requests.create', next);
    const first = await requestRow(a.id);
    expect(first.name).toBe('Order SKB-42 missing');
    expect(Number((await requestRow(next.id)).code.slice(4))).toBe(Number(first.code.slice(4)) + 1);
  });

  it('refuses read-only operators, foreign channels, mismatched messages and unknown companies', async () => {
    expect(await errorCode(run('requests.create', createArgs(), rita))).toBe('forbidden');
    // Outside the operator's channels reads as missing (one vocabulary with the queries, sends and REST).
    expect(await errorCode(run('requests.create', createArgs(), scopedElsewhere))).toBe('not_found');
    expect(await errorCode(run('requests.create', createArgs({ sourceMessageId: 'msg-demo-2-in' })))).toBe(
      'invalid',
    );
    expect(await errorCode(run('requests.create', createArgs({ companyId: 'co-nope' })))).toBe('invalid');
    const bad = createArgs({ name: '   ' });
    await expect(run('requests.create', bad)).rejects.toThrow();
    expect(await requestRow(bad.id)).toBeUndefined();
  });
});

describe('request detail mutators', () => {
  let requestId: string;
  beforeAll(async () => {
    const a = createArgs();
    requestId = a.id;
    await run('requests.create', a);
  });

  it('updates fields, clears the company with null and stamps updated_at on the server', async () => {
    await run('requests.update', { id: requestId, companyId: 'co-globex', now: 1 });
    await run('requests.update', {
      id: requestId,
      status: 'pending',
      priority: 'urgent',
      name: 'Renamed',
      now: 1,
    });
    let row = await requestRow(requestId);
    expect(row).toMatchObject({
      company_id: 'co-globex',
      status: 'pending',
      priority: 'urgent',
      name: 'Renamed',
    });
    expect(new Date(row.updated_at).getTime()).toBeGreaterThan(1000);
    await run('requests.update', { id: requestId, companyId: null, now: 1 });
    row = await requestRow(requestId);
    expect(row.company_id).toBeNull();
    expect(row.name).toBe('Renamed');
    expect(await errorCode(run('requests.update', { id: requestId, status: 'closed', now: 1 }, rita))).toBe(
      'forbidden',
    );
  });

  it('adds and removes tags idempotently', async () => {
    await run('requests.addTag', { requestId, tagId: 'tag-urgent' });
    await run('requests.addTag', { requestId, tagId: 'tag-urgent' });
    await run('requests.addTag', { requestId, tagId: 'tag-vip' });
    const tags = async () =>
      (
        await db.pool.query('SELECT tag_id FROM request_tag WHERE request_id = $1 ORDER BY tag_id', [
          requestId,
        ])
      ).rows.map((r) => r.tag_id);
    expect(await tags()).toEqual(['tag-urgent', 'tag-vip']);
    await run('requests.removeTag', { requestId, tagId: 'tag-urgent' });
    expect(await tags()).toEqual(['tag-vip']);
    expect(await errorCode(run('requests.addTag', { requestId, tagId: 'tag-nope' }))).toBe('invalid');
  });

  it('adds a chat message as a post (text defaults to the message, its file comes along)', async () => {
    await db.pool.query(
      `INSERT INTO attachment (id, filename, mime_type, size_bytes, storage_key, state) VALUES ('att-photo', 'photo.jpg', 'image/jpeg', 10, 'k', 'ready')`,
    );
    await db.pool.query(
      `INSERT INTO message (id, conversation_id, direction, type, body, status, attachment_id)
       VALUES ('msg-photo', 'cv-demo-1', 'in', 'image', '', 'received', 'att-photo')`,
    );
    const postId = randomUUID();
    await run('requests.addPost', { id: postId, requestId, sourceMessageId: 'msg-demo-1-in', now: 1 });
    await run('requests.addPost', { id: postId, requestId, sourceMessageId: 'msg-demo-1-in', now: 1 });
    await run('requests.addPost', { id: randomUUID(), requestId, sourceMessageId: 'msg-photo', now: 1 });
    await run('requests.addPost', { id: randomUUID(), requestId, body: 'Called the courier.', now: 1 });
    const { rows } = await db.pool.query(
      'SELECT body, source_message_id, author_id FROM request_post WHERE request_id = $1 ORDER BY created_at, body',
      [requestId],
    );
    expect(rows).toEqual([
      {
        body: 'Hello, my order SKB-42 has not arrived yet.',
        source_message_id: 'msg-demo-1-in',
        author_id: 'op-olga',
      },
      { body: '[image]', source_message_id: 'msg-photo', author_id: 'op-olga' },
      { body: 'Called the courier.', source_message_id: null, author_id: 'op-olga' },
    ]);
    const files = await db.pool.query('SELECT attachment_id FROM request_attachment WHERE request_id = $1', [
      requestId,
    ]);
    expect(files.rows).toEqual([{ attachment_id: 'att-photo' }]);
    expect(
      await errorCode(run('requests.addPost', { id: randomUUID(), requestId, body: '  ', now: 1 })),
    ).toBe('invalid');
    expect(
      await errorCode(
        run(
          'requests.addPost',
          { id: randomUUID(), requestId, sourceMessageId: 'msg-demo-1-in', now: 1 },
          scopedElsewhere,
        ),
      ),
    ).toBe('not_found');
  });

  it('attaches only files the operator uploaded, and detaches them', async () => {
    await db.pool.query(
      `INSERT INTO attachment (id, filename, mime_type, size_bytes, storage_key, state, uploaded_by) VALUES
       ('att-olga', 'a.pdf', 'application/pdf', 10, 'k1', 'ready', 'op-olga'),
       ('att-admin', 'b.pdf', 'application/pdf', 10, 'k2', 'ready', 'op-admin')`,
    );
    await run('requests.attachFile', { requestId, attachmentId: 'att-olga', now: 1 });
    expect(
      await errorCode(run('requests.attachFile', { requestId, attachmentId: 'att-admin', now: 1 })),
    ).toBe('forbidden');
    expect(await errorCode(run('requests.attachFile', { requestId, attachmentId: 'att-none', now: 1 }))).toBe(
      'not_found',
    );
    await run('requests.detachFile', { requestId, attachmentId: 'att-olga' });
    const files = await db.pool.query(
      `SELECT attachment_id FROM request_attachment WHERE request_id = $1 AND attachment_id = 'att-olga'`,
      [requestId],
    );
    expect(files.rowCount).toBe(0);
  });
});

describe('createRequestFromMessage (for the REST API)', () => {
  it('creates a numbered request prefilled from the message, through the same checks', async () => {
    const res = await createRequestFromMessage(db.pool, OLGA, {
      messageId: 'msg-demo-2-in',
      name: 'Address change',
    });
    expect(res.code).toMatch(/^REQ-\d{6}$/);
    expect(res.conversationId).toBe('cv-demo-2');
    const row = await requestRow(res.id);
    expect(row).toMatchObject({
      description: 'Can I change the delivery address?',
      contact_id: 'ct-demo-2',
      origin_message_id: 'msg-demo-2-in',
    });
    await expect(
      createRequestFromMessage(db.pool, rita, { messageId: 'msg-demo-2-in', name: 'x' }),
    ).rejects.toThrow(/read-only/);
    await expect(createRequestFromMessage(db.pool, OLGA, { messageId: 'nope', name: 'x' })).rejects.toThrow(
      /does not exist/,
    );
  });
});
