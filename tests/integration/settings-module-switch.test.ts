import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { fixtureMessage, messagesWebhook } from '../support/webhook-fixtures.ts';
import { createHarness, type Harness } from './inbound-harness.ts';
import { cookieFor, syncedRows } from './permissions-harness.ts';

// The module switch hides Chats from everyone, but nothing Meta sends meanwhile is lost.

let db: TestDatabase;
let h: Harness;
let olga: string;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createHarness(db);
  await db.pool.query(
    `INSERT INTO operator (id, name, email, role) VALUES ('op-olga', 'Olga', 'olga@example.com', 'operator')`,
  );
  olga = await cookieFor(db.pool, 'op-olga');
});
afterAll(() => db?.drop());

describe('module off', () => {
  it('webhooks are still received and stored, while operators’ queries return nothing; on again, it is all there', async () => {
    await db.pool.query('UPDATE settings SET chats_enabled = false');
    const res = await h.post(messagesWebhook([fixtureMessage.text('Written while Chats was off')]));
    expect(res.status).toBe(200);

    const stored = await db.pool.query(`SELECT body FROM message WHERE body = 'Written while Chats was off'`);
    expect(stored.rows).toHaveLength(1);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM private.webhook_event')).rows[0]?.n).toBe(1);
    expect(await syncedRows(h.app, db.pool, olga, 'conversations.list', {})).toEqual([]);

    await db.pool.query('UPDATE settings SET chats_enabled = true');
    const rows = await syncedRows(h.app, db.pool, olga, 'conversations.list', {});
    expect(rows.map((r) => r.lastMessagePreview)).toEqual(['Written while Chats was off']);
    expect(rows[0]).toMatchObject({ unreadCount: 1, awaitingReply: true });
  });
});
