import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { apiClient, createToken } from './api-v1-fixtures.ts';
import { seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, createSettingsTestApp } from './permissions-harness.ts';
import { createTestDeps } from './test-app.ts';

// The write routes go through the same server functions as the UI's Zero mutators (outbox send with
// the 24-hour rule, request creation), so the same rules hold for integrations.

let db: TestDatabase;
let api: ReturnType<typeof apiClient>;
const token: Record<string, string> = {};
const count = async (sql: string, params: unknown[] = []) =>
  Number((await db.pool.query(sql, params)).rows[0]?.n ?? 0);
const t = (who: string) => token[who] ?? '';

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTwoChannels(db.pool);
  await db.pool.query(
    `INSERT INTO operator (id, name, email, role, can_send_templates) VALUES ('op-tina', 'Tina', 'tina@example.com', 'operator', false)`,
  );
  // cv-demo-2's customer last wrote 25 hours ago: the 24-hour window is closed.
  await db.pool.query(
    `UPDATE conversation SET customer_last_message_at = now() - interval '25 hours' WHERE id = 'cv-demo-2'`,
  );
  const app = createSettingsTestApp(createTestDeps(db));
  api = apiClient(app);
  const admin = await cookieFor(db.pool, 'op-admin');
  for (const id of ['op-olga', 'op-rita', 'op-sam', 'op-tina']) token[id] = await createToken(app, admin, id);
});
afterAll(() => db?.drop());

describe('POST /conversations/{id}/messages', () => {
  it('queues a text inside the window: 202, pending, one message however often it is retried', async () => {
    const id = randomUUID();
    const body = { type: 'text', text: 'We are on it!', id };
    const first = await api(t('op-olga'), 'POST', '/conversations/cv-demo-1/messages', body);
    expect(first.status).toBe(202);
    expect(first.json.data).toMatchObject({
      id,
      conversationId: 'cv-demo-1',
      direction: 'out',
      type: 'text',
      text: 'We are on it!',
      status: 'pending',
      operatorId: 'op-olga',
    });
    const again = await api(t('op-olga'), 'POST', '/conversations/cv-demo-1/messages', body);
    expect(again.status).toBe(202);
    expect(await count('SELECT count(*) AS n FROM message WHERE id = $1', [id])).toBe(1);
  });

  it('refuses a text outside the 24-hour window and says to use a template', async () => {
    const before = await count(`SELECT count(*) AS n FROM message WHERE conversation_id = 'cv-demo-2'`);
    const res = await api(t('op-olga'), 'POST', '/conversations/cv-demo-2/messages', {
      type: 'text',
      text: 'Hello?',
    });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({
      error: { code: 'window_closed', message: expect.stringMatching(/template/) },
    });
    expect(await count(`SELECT count(*) AS n FROM message WHERE conversation_id = 'cv-demo-2'`)).toBe(before);
  });

  it('sends an approved template outside the window, addressed by name and language', async () => {
    const res = await api(t('op-olga'), 'POST', '/conversations/cv-demo-2/messages', {
      type: 'template',
      template: { name: 'order_update', language: 'en_US' },
      params: ['Sheena', 'SKB-43'],
    });
    expect(res.status).toBe(202);
    expect(res.json.data).toMatchObject({
      type: 'template',
      text: expect.stringContaining('Hello Sheena, your order SKB-43 is on its way.'),
      template: { name: 'order_update', language: 'en_US' },
      status: 'pending',
    });
  });

  it('explains a missing template and incomplete parameters', async () => {
    const unknown = await api(t('op-olga'), 'POST', '/conversations/cv-demo-2/messages', {
      type: 'template',
      template: { name: 'no_such_template', language: 'en_US' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: { code: 'template_not_found' } });
    const incomplete = await api(t('op-olga'), 'POST', '/conversations/cv-demo-2/messages', {
      type: 'template',
      template: { name: 'order_update', language: 'en_US' },
      params: ['only one'],
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.json).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('read-only, template permission, channel scope and body limits are enforced', async () => {
    const before = await count('SELECT count(*) AS n FROM message');
    const readonly = await api(t('op-rita'), 'POST', '/conversations/cv-demo-1/messages', {
      type: 'text',
      text: 'x',
    });
    expect(readonly.status).toBe(403);
    expect(readonly.json).toMatchObject({ error: { code: 'forbidden' } });
    const noTemplates = await api(t('op-tina'), 'POST', '/conversations/cv-demo-2/messages', {
      type: 'template',
      template: { id: 'tpl-order-update' },
      params: ['a', 'b'],
    });
    expect(noTemplates.status).toBe(403);
    const outOfScope = await api(t('op-sam'), 'POST', '/conversations/cv-demo-1/messages', {
      type: 'text',
      text: 'x',
    });
    expect(outOfScope.status).toBe(404);
    const tooLong = await api(t('op-olga'), 'POST', '/conversations/cv-demo-1/messages', {
      type: 'text',
      text: 'x'.repeat(4097),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json).toMatchObject({ error: { code: 'invalid_request' } });
    const notJson = await api(t('op-olga'), 'POST', '/conversations/cv-demo-1/messages', { type: 'fax' });
    expect(notJson.status).toBe(400);
    expect(await count('SELECT count(*) AS n FROM message')).toBe(before);
  });

  it('with the module off nothing is sent', async () => {
    await db.pool.query('UPDATE settings SET chats_enabled = false');
    try {
      const res = await api(t('op-olga'), 'POST', '/conversations/cv-demo-1/messages', {
        type: 'text',
        text: 'x',
      });
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ error: { code: 'not_found' } });
    } finally {
      await db.pool.query('UPDATE settings SET chats_enabled = true');
    }
  });
});

describe('POST /messages/{id}/requests', () => {
  it('creates a request from a message, the description defaulting to its text', async () => {
    const res = await api(t('op-olga'), 'POST', '/messages/msg-demo-1-in/requests', {
      name: 'Order SKB-42 missing',
    });
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({
      code: expect.stringMatching(/^REQ-\d{6}$/),
      name: 'Order SKB-42 missing',
      description: 'Hello, my order SKB-42 has not arrived yet.',
      conversationId: 'cv-demo-1',
      messageId: 'msg-demo-1-in',
      status: 'new',
    });
  });

  it('is idempotent by id and follows the same permissions', async () => {
    const id = randomUUID();
    const first = await api(t('op-olga'), 'POST', '/messages/msg-two-in/requests', { name: 'Second', id });
    const again = await api(t('op-olga'), 'POST', '/messages/msg-two-in/requests', { name: 'Second', id });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect((again.json.data as { code: string }).code).toBe((first.json.data as { code: string }).code);
    expect(await count('SELECT count(*) AS n FROM request WHERE id = $1', [id])).toBe(1);

    const before = await count('SELECT count(*) AS n FROM request');
    expect((await api(t('op-rita'), 'POST', '/messages/msg-demo-1-in/requests', { name: 'x' })).status).toBe(
      403,
    );
    expect((await api(t('op-sam'), 'POST', '/messages/msg-demo-1-in/requests', { name: 'x' })).status).toBe(
      404,
    );
    expect((await api(t('op-olga'), 'POST', '/messages/nope/requests', { name: 'x' })).status).toBe(404);
    expect((await api(t('op-olga'), 'POST', '/messages/msg-demo-1-in/requests', { name: '' })).status).toBe(
      400,
    );
    expect(await count('SELECT count(*) AS n FROM request')).toBe(before);
  });
});
