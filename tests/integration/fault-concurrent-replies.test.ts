// Fault: 50 operators reply to the same conversation at the same instant, through the real HTTP mutate
// route (as zero-cache pushes), with the outbox sending to a Graph API stand-in. Every reply is kept, and
// the thread, the outbox and the customer's phone (the Graph API's acceptance order) agree on one order.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../server/http/app-context.ts';
import { type OutboxWorker, startOutboxWorker } from '../../server/outbound/outbox-worker.ts';
import { counterMismatches } from '../support/counters.ts';
import { FakeGraph } from '../support/fake-graph.ts';
import { createOperators } from '../support/operators.ts';
import { installZeroUpstreamTables, pushClient } from '../support/push-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { addCustomer, deliverStatus, seedOutbound, waitFor, webhookApp } from './outbound-harness.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

const OPERATORS = 50;
let db: TestDatabase;
let deps: AppDeps;
let fake: FakeGraph;
let worker: OutboxWorker;
let server: ServerType;
let baseUrl = '';

beforeAll(async () => {
  db = await createTestDatabase();
  deps = createTestDeps(db);
  fake = await new FakeGraph().start();
  await seedOutbound(db, deps, fake.base);
  await installZeroUpstreamTables(db.pool);
  const hooks = webhookApp(deps);
  fake.onAccepted = (m) => {
    setTimeout(() => void deliverStatus(hooks, m, 'sent').catch(() => {}), 10);
  };
  const app = createTestApp(deps);
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  worker = await startOutboxWorker(deps, {
    concurrency: 8,
    pollIntervalMs: 100,
    heartbeatMs: 200,
    crontab: '',
    syncTemplatesOnStart: false,
    random: () => 0.01,
  });
});
afterAll(async () => {
  await worker?.stop();
  await new Promise((r) => server?.close(r));
  await fake?.close();
  await db?.drop();
});

describe('50 operators reply to one conversation at once', () => {
  it('keeps every reply and one order: thread, outbox and Graph API agree', async () => {
    const customer = await addCustomer(db);
    const operators = await createOperators(db.pool, OPERATORS, 'fault-op');
    const clients = operators.map((op) => pushClient(() => baseUrl, op.cookie));
    const ids = operators.map(() => randomUUID());
    const outcomes = await Promise.all(
      clients.map((c, i) =>
        c.push('messages.sendText', {
          id: ids[i],
          conversationId: customer.conversationId,
          body: `Reply from operator ${i + 1}`,
          now: Date.now(),
        }),
      ),
    );
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const { rows: thread } = await db.pool.query<{ id: string; operator_id: string }>(
      `SELECT id, operator_id FROM message WHERE conversation_id = $1 AND direction = 'out'
        ORDER BY created_at, id`,
      [customer.conversationId],
    );
    expect(thread.map((m) => m.id).sort()).toEqual([...ids].sort());
    expect(new Set(thread.map((m) => m.operator_id)).size).toBe(OPERATORS);

    // The outbox's send order is the thread's order.
    const { rows: outbox } = await db.pool.query<{ message_id: string }>(
      'SELECT message_id FROM private.outbound_message WHERE conversation_id = $1 ORDER BY seq',
      [customer.conversationId],
    );
    expect(outbox.map((o) => o.message_id)).toEqual(thread.map((m) => m.id));

    // The customer receives them once each, in that order. (A burst to one customer drains slowly by
    // design: one job at a time per conversation, and Meta's per-customer pair limit; the first ten
    // prove the order here, `npm run soak` waits for all fifty.)
    const FIRST = 10;
    await waitFor(async () => fake.accepted.length >= FIRST, 60_000, 'the first replies to be sent');
    const received = fake.accepted.filter((m) => m.to === customer.waId).map((m) => m.callbackData);
    expect(new Set(received).size).toBe(received.length);
    expect(received).toEqual(thread.slice(0, received.length).map((m) => m.id));

    // The conversation's summary names the last reply; counters equal a recount.
    const { rows: conv } = await db.pool.query<{ last_message_id: string; awaiting_reply: boolean }>(
      'SELECT last_message_id, awaiting_reply FROM conversation WHERE id = $1',
      [customer.conversationId],
    );
    expect(conv[0]).toEqual({ last_message_id: thread[thread.length - 1]?.id, awaiting_reply: false });
    expect(await counterMismatches(db.pool, { operatorPrefix: 'fault-op' })).toEqual([]);
  });
});
