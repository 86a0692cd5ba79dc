// Meta Business Agent and Conversation Routing (issue 15.2): who answers the customer, as Meta's webhooks
// say it (standby, messages, messaging_handovers), and the operator's "Take over" / "Hand back" going to
// Meta's Thread control API through the outbox (a local fake Graph API over HTTP), with Meta's refusal
// putting the previous owner back.
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ZeroContext } from '../../schema/context.ts';
import type { AppBindings, AppDeps } from '../../server/http/app-context.ts';
import { type OutboxWorker, startOutboxWorker } from '../../server/outbound/outbox-worker.ts';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import { APP_SECRET, DISPLAY_NUMBER, FakeGraph, PHONE_NUMBER_ID, WABA_ID } from '../support/fake-graph.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { fixtureMessage, messagesWebhook } from '../support/webhook-fixtures.ts';
import { fieldWebhook, handoverWebhook } from '../support/webhook-fixtures-2026.ts';
import { mutatorRunner, OLGA, type RunMutator } from './mutator-runner.ts';
import { addCustomer, type Customer, seedOutbound, waitFor, webhookApp } from './outbound-harness.ts';
import { createTestDeps } from './test-app.ts';

let db: TestDatabase;
let deps: AppDeps;
let fake: FakeGraph;
let hooks: Hono<AppBindings>;
let worker: OutboxWorker;
let run: RunMutator;

const rita: ZeroContext = { ...OLGA, userID: 'op-rita', role: 'readonly' };
const envelope = { wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: DISPLAY_NUMBER };

beforeAll(async () => {
  db = await createTestDatabase();
  deps = createTestDeps(db);
  fake = await new FakeGraph().start();
  await seedOutbound(db, deps, fake.base);
  hooks = webhookApp(deps);
  run = mutatorRunner(deps, db.pool);
  worker = await startOutboxWorker(deps, {
    concurrency: 2,
    pollIntervalMs: 100,
    heartbeatMs: 200,
    graphTimeoutMs: 400,
    random: () => 0.01,
    crontab: '',
    syncTemplatesOnStart: false,
  });
});
afterAll(async () => {
  await worker?.stop();
  await fake?.close();
  await db?.drop();
});
beforeEach(() => {
  fake.behaveThreadControl = () => ({ kind: 'accept' });
});

async function post(body: unknown) {
  const raw = serializeLikeMeta(body);
  const res = await hooks.request('/webhooks/whatsapp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(raw, APP_SECRET) },
    body: raw,
  });
  expect(res.status).toBe(200);
}

const control = async (c: Customer) =>
  (
    await db.pool.query('SELECT thread_control, thread_control_at FROM conversation WHERE id = $1', [
      c.conversationId,
    ])
  ).rows[0] as { thread_control: string | null; thread_control_at: Date | null };
const events = async (c: Customer) =>
  (
    await db.pool.query(
      'SELECT kind, actor_id, detail FROM conversation_event WHERE conversation_id = $1 ORDER BY at, kind',
      [c.conversationId],
    )
  ).rows;

function standby(c: Customer, t: number) {
  return fieldWebhook(
    'standby',
    {
      contacts: [{ profile: { name: 'Agent customer' }, wa_id: c.waId }],
      messages: [
        {
          from: c.waId,
          id: `wamid.SB${randomUUID()}`,
          timestamp: String(t),
          type: 'text',
          text: { body: 'Opening hours?' },
        },
      ],
      message_echoes: [
        {
          from: DISPLAY_NUMBER,
          to: c.waId,
          id: `wamid.SBR${randomUUID()}`,
          timestamp: String(t + 1),
          type: 'text',
          text: { body: 'We open at 9.' },
        },
      ],
    },
    envelope,
  );
}

describe("Meta's webhooks decide who answers the customer", () => {
  it('standby gives the thread to the agent, handovers move it, the latest by Meta time wins, once each', async () => {
    const c = await addCustomer(db);
    const t = Math.floor(Date.now() / 1000) - 600;
    expect((await control(c)).thread_control).toBeNull();

    await post(standby(c, t));
    expect((await control(c)).thread_control).toBe('agent');

    const passed = handoverWebhook('control_passed', { ...envelope, waId: c.waId, timestamp: t + 10 });
    await post(passed);
    await post(passed); // Meta delivers at least once
    expect(await control(c)).toEqual({
      thread_control: 'team',
      thread_control_at: new Date((t + 10) * 1000),
    });

    await post(handoverWebhook('control_taken', { ...envelope, waId: c.waId, timestamp: t + 20 }));
    expect((await control(c)).thread_control).toBe('agent');
    // An older notification arriving late changes nothing.
    await post(handoverWebhook('control_passed', { ...envelope, waId: c.waId, timestamp: t + 5 }));
    expect((await control(c)).thread_control).toBe('agent');
    await post(
      handoverWebhook('control_taken', {
        ...envelope,
        waId: c.waId,
        timestamp: t + 30,
        newOwnerRole: 'escalation_partner',
      }),
    );
    expect((await control(c)).thread_control).toBe('other');

    // The customer's next message on the messages field reaches this app: the team answers.
    await post(
      messagesWebhook(
        [{ ...fixtureMessage.text('Hello, a human please', { timestamp: t + 40 }), from: c.waId }],
        envelope,
      ),
    );
    expect((await control(c)).thread_control).toBe('team');

    expect(await events(c)).toEqual([
      { kind: 'control_passed', actor_id: null, detail: 'team' },
      { kind: 'control_taken', actor_id: null, detail: 'agent' },
      { kind: 'control_taken', actor_id: null, detail: 'other' },
    ]);
  });

  it('leaves conversations of numbers without routing alone', async () => {
    const c = await addCustomer(db);
    await post(messagesWebhook([{ ...fixtureMessage.text('plain', {}), from: c.waId }], envelope));
    expect((await control(c)).thread_control).toBeNull();
  });
});

describe('Take over and Hand back', () => {
  async function agentConversation() {
    const c = await addCustomer(db);
    await db.pool.query(
      `UPDATE conversation SET thread_control = 'agent', thread_control_at = now() - interval '1 minute' WHERE id = $1`,
      [c.conversationId],
    );
    return c;
  }

  it("call Meta's Thread control API through the outbox, with the thread's events and the audit log", async () => {
    const c = await agentConversation();
    await run('conversations.takeOver', { id: c.conversationId, now: Date.now() });
    expect((await control(c)).thread_control).toBe('team');
    await waitFor(
      async () => fake.threadControls.some((b) => b.to === c.waId && b.action === 'take'),
      10_000,
      'take',
    );
    expect(fake.threadControls.find((b) => b.to === c.waId)).toEqual({
      messaging_product: 'whatsapp',
      to: c.waId,
      action: 'take',
    });

    await run('conversations.handBack', { id: c.conversationId, now: Date.now() });
    expect((await control(c)).thread_control).toBe('idle');
    await waitFor(
      async () => fake.threadControls.some((b) => b.to === c.waId && b.action === 'release'),
      10_000,
      'release',
    );
    // A hand-back of a thread the team does not hold is not sent again.
    await run('conversations.handBack', { id: c.conversationId, now: Date.now() });
    expect(await events(c)).toEqual([
      { kind: 'taken_over', actor_id: 'op-olga', detail: null },
      { kind: 'handed_back', actor_id: 'op-olga', detail: null },
    ]);
    const audit = await db.pool.query(`SELECT action, details FROM audit_log WHERE target = $1 ORDER BY at`, [
      `conversation:${c.conversationId}`,
    ]);
    expect(audit.rows).toEqual([
      { action: 'conversation.take_over', details: { from: 'agent' } },
      { action: 'conversation.hand_back', details: { from: 'team' } },
    ]);
  });

  it('a handover Meta reports in the same second as a hand-back is the later event', async () => {
    const c = await agentConversation();
    await run('conversations.takeOver', { id: c.conversationId, now: Date.now() });
    await run('conversations.handBack', { id: c.conversationId, now: Date.now() });
    // Meta's times are whole seconds: the agent passing the thread back right away carries this second.
    const second = Math.floor(((await control(c)).thread_control_at?.getTime() ?? 0) / 1000);
    await post(handoverWebhook('control_passed', { ...envelope, waId: c.waId, timestamp: second }));
    expect((await control(c)).thread_control).toBe('team');
  });

  it("puts the previous owner back with Meta's reason when Meta refuses", async () => {
    const c = await agentConversation();
    fake.behaveThreadControl = () => ({
      kind: 'error',
      status: 400,
      code: 2494191,
      title: 'Take is not permitted',
    });
    await run('conversations.takeOver', { id: c.conversationId, now: Date.now() });
    await waitFor(async () => (await control(c)).thread_control === 'agent', 10_000, 'reverted');
    const failed = (await events(c)).find((e) => e.kind === 'control_failed');
    expect(failed?.detail).toContain('take');
    expect(failed?.detail).toContain('2494191');
  });

  it('is refused to a read-only account', async () => {
    const c = await agentConversation();
    await expect(
      run('conversations.takeOver', { id: c.conversationId, now: Date.now() }, rita),
    ).rejects.toThrow();
    expect((await control(c)).thread_control).toBe('agent');
  });

  it("an operator's reply takes the thread (Meta gives it to the app that sends a service message)", async () => {
    const c = await agentConversation();
    await run('messages.sendText', {
      id: randomUUID(),
      conversationId: c.conversationId,
      body: 'I can help',
      now: Date.now(),
    });
    await waitFor(async () => (await control(c)).thread_control === 'team', 10_000, 'team after the reply');
  });
});
