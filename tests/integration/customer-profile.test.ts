import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { seedTwoChannels } from './permissions-fixtures.ts';
import { cookieFor, installZeroUpstreamTables, zeroClient } from './permissions-harness.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

// The customer profile's notes, pushed through the real /api/zero/mutate route.

let db: TestDatabase;
const client: Record<string, ReturnType<typeof zeroClient>> = {};
const contactOf = async (conversationId: string) =>
  (await db.pool.query('SELECT contact_id FROM conversation WHERE id = $1', [conversationId])).rows[0]
    .contact_id as string;
const fields = async (contactId: string) =>
  (await db.pool.query('SELECT email, company_name, notes FROM contact WHERE id = $1', [contactId])).rows[0];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTwoChannels(db.pool);
  await installZeroUpstreamTables(db.pool);
  const app = createTestApp(createTestDeps(db));
  for (const id of ['op-olga', 'op-rita', 'op-sam'])
    client[id] = zeroClient(app, await cookieFor(db.pool, id));
});
afterAll(() => db?.drop());

const push = (who: string, args: unknown) => {
  const c = client[who];
  if (!c) throw new Error(`no client for ${who}`);
  return c('customers.update', args);
};

describe('customer profile', () => {
  it('an operator notes an e-mail, a company and notes on a customer they talk to', async () => {
    const contactId = await contactOf('cv-demo-1');
    const update = {
      contactId,
      email: ' jana@example.com ',
      companyName: 'Acme',
      notes: 'Prefers mornings',
      now: 1,
    };
    expect(await push('op-olga', update)).toEqual({ ok: true });
    expect(await fields(contactId)).toEqual({
      email: 'jana@example.com',
      company_name: 'Acme',
      notes: 'Prefers mornings',
    });
  });

  it('refuses a malformed e-mail, a read-only account and a customer outside the operator’s channels', async () => {
    const contactId = await contactOf('cv-demo-1');
    const update = { contactId, email: 'not an address', companyName: '', notes: '', now: 2 };
    expect(await push('op-olga', update)).toMatchObject({ ok: false });
    expect(await push('op-rita', { ...update, email: '' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await push('op-sam', { ...update, email: '' })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await fields(contactId)).toEqual({
      email: 'jana@example.com',
      company_name: 'Acme',
      notes: 'Prefers mornings',
    });
  });
});
