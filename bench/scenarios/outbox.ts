// Issue 11, target 5: replies out as fast as Meta takes them. Replies are written through the real mutate
// route (what zero-cache pushes; no zero-cache here, the outbox does not need it), the API's own outbox
// worker sends them to the Graph API stand-in (tests/support/fake-graph.ts over HTTP), which answers each
// send after 45 ms like a real Graph call. Two figures:
// - a burst to one customer: 10 replies written back to back; how long after the last one is written the
//   last one is accepted (each must wait for the one before it: per-customer order);
// - a campaign: 1,000 replies to 1,000 customers written at once (one transaction through the same
//   sendTextInTransaction as the mutator and the REST API: writing 1,000 replies one request at a time is
//   the write path's figure, not the outbox's); how long after that commit all are accepted, at Meta's
//   default 80 messages/s per business number (WHATSAPP_SEND_RATE).
// Both also check what must never change: each reply accepted exactly once, each customer's in order.
import { randomUUID } from 'node:crypto';
import { zeroNodePg } from '@rocicorp/zero/server/adapters/pg';
import { schema } from '../../schema/schema.ts';
import { createPool } from '../../server/db/pool.ts';
import { sendTextInTransaction } from '../../server/outbound/send-text.ts';
import { FakeGraph } from '../../tests/support/fake-graph.ts';
import { createOperators } from '../../tests/support/operators.ts';
import { cpuMeter, pidsNamed, processTree } from '../../tests/support/proc.ts';
import { installZeroUpstreamTables, pushClient } from '../../tests/support/push-client.ts';
import {
  BENCH_CHANNEL,
  benchEnv,
  createDatabase,
  type Postgres,
  startApi,
  stopAll,
} from '../../tests/support/stack.ts';
import { sleep, waitUntil } from '../../tests/support/stats.ts';
import { customerWaId, deliverLikeMeta, inboundText, messagesBody } from '../../tests/support/webhooks.ts';
import { figure, type ScenarioResult } from '../lib/report.ts';

export type OutboxOptions = {
  postgres: Postgres;
  dir: string;
  apiPort: number;
  /** Customers of the campaign (1,000). */
  customers: number;
  /** Replies of the one-customer burst (10). */
  burst: number;
  /** Bursts measured, each to another customer (the figure is the slowest). */
  bursts: number;
  ratePerSecond: number;
  graphDelayMs: number;
};

export async function outboxScenario(o: OutboxOptions): Promise<ScenarioResult> {
  const logDir = `${o.dir}/logs`;
  const graph = await new FakeGraph().start();
  graph.answerDelayMs = o.graphDelayMs;
  const firstAccepted = new Map<string, number>();
  graph.onAccepted = (m) => {
    if (m.callbackData && !firstAccepted.has(m.callbackData)) firstAccepted.set(m.callbackData, m.at);
  };
  const env = benchEnv({
    databaseUrl: '',
    dataDir: `${o.dir}/outbox`,
    port: o.apiPort,
    zeroPort: 9,
    graphUrl: graph.base,
    extra: { WHATSAPP_SEND_RATE: String(o.ratePerSecond) },
  });
  const url = await createDatabase(o.postgres, 'bench_outbox', env);
  env.DATABASE_URL = url;
  const pool = createPool(url, 4);
  await installZeroUpstreamTables(pool);
  const api = await startApi('outbox-api', env, logDir);
  const baseUrl = `http://127.0.0.1:${o.apiPort}`;
  try {
    // Customers who just wrote (open 24-hour windows), 100 messages per webhook.
    const customers = o.customers + o.bursts;
    const now = Math.floor(Date.now() / 1000);
    for (let first = 0; first < customers; first += 100) {
      const batch = Array.from({ length: Math.min(100, customers - first) }, (_, k) =>
        inboundText(`wamid.outbox.in.${first + k}`, customerWaId(first + k), 'Hello', now),
      );
      await deliverLikeMeta(baseUrl, messagesBody(batch));
    }
    const { rows: convs } = await pool.query<{ id: string }>(
      `SELECT c.id FROM conversation c JOIN contact ct ON ct.id = c.contact_id
        WHERE c.channel_id = $1 ORDER BY ct.wa_id`,
      [BENCH_CHANNEL.id],
    );
    const [op] = await createOperators(pool, 1, 'bench-outbox');
    if (!op || convs.length !== customers) throw new Error('outbox scenario: set-up failed');
    const conversationIds = convs.map((c) => c.id);
    // Nothing else is queued: the template sync at start-up is over before the clock starts.
    await sleep(2000);

    /** Every reply's id → its conversation and place; checked against what the Graph accepted. */
    const written = new Map<string, { conversationId: string; index: number }>();
    const write = async (client: ReturnType<typeof pushClient>, conversationId: string, index: number) => {
      const id = randomUUID();
      written.set(id, { conversationId, index });
      const outcome = await client.push('messages.sendText', {
        id,
        conversationId,
        body: `Reply ${index + 1}`,
        now: Date.now(),
      });
      if (!outcome.ok) throw new Error(`outbox scenario: a reply was refused: ${outcome.detail}`);
      return id;
    };
    const acceptedAt = (id: string) => firstAccepted.get(id);

    // 1. Bursts to one customer each.
    const burstMs: number[] = [];
    for (let b = 0; b < o.bursts; b++) {
      const conversationId = conversationIds[o.customers + b] as string;
      const client = pushClient(() => baseUrl, op.cookie);
      const ids: string[] = [];
      for (let i = 0; i < o.burst; i++) ids.push(await write(client, conversationId, i));
      const lastWritten = performance.now();
      await waitUntil(() => ids.every((id) => acceptedAt(id) !== undefined), 120_000, 'the burst', 5);
      burstMs.push(Math.max(...ids.map((id) => acceptedAt(id) as number)) - lastWritten);
    }

    // 2. The campaign: one reply to each of 1,000 customers, committed together.
    const sender = {
      userID: op.id,
      role: 'operator' as const,
      canSendTemplates: true,
      channelScope: null,
      chatsEnabled: true,
    };
    const campaign = conversationIds.slice(0, o.customers).map((conversationId) => {
      const id = randomUUID();
      written.set(id, { conversationId, index: 0 });
      return { id, conversationId };
    });
    const w0 = performance.now();
    await zeroNodePg(schema, pool).transaction(async (tx) => {
      for (const r of campaign)
        await sendTextInTransaction(
          tx,
          sender,
          { id: r.id, conversationId: r.conversationId, body: 'Your order has shipped.' },
          { timeZone: 'UTC' },
        );
    });
    const t0 = performance.now();
    const writtenAfter = t0 - w0;
    // CPU per reply while they go out: the machine is shared, so this says more across runs than time.
    const meters = {
      api: cpuMeter(() => processTree(api.pid)),
      postgres: cpuMeter(() => pidsNamed('postgres')),
    };
    await waitUntil(
      () => campaign.every((r) => acceptedAt(r.id) !== undefined),
      600_000,
      'the campaign to be accepted',
      20,
    );
    const campaignMs = Math.max(...campaign.map((r) => acceptedAt(r.id) as number)) - t0;
    const cpuPerReplyMs = {
      api: (1000 * meters.api.stop()) / o.customers,
      postgres: (1000 * meters.postgres.stop()) / o.customers,
    };
    const campaignSet = new Set<string>(campaign.map((r) => r.id));
    const starts = graph.requests
      .filter((r) => campaignSet.has(String(r.json?.biz_opaque_callback_data)))
      .map((r) => r.at)
      .sort((a, b) => a - b);
    const busiestSecond = maxInWindow(starts, 1000);
    // Where the campaign's time goes: until the first send, then sends per second after the commit.
    const perSecond: number[] = [];
    for (const at of starts) {
      const second = Math.floor((at - t0) / 1000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    }

    // Exactly once, in order, for everything written.
    await sleep(500);
    const perId = new Map<string, number>();
    for (const m of graph.accepted) {
      const id = String(m.callbackData);
      perId.set(id, (perId.get(id) ?? 0) + 1);
    }
    const lost = [...written.keys()].filter((id) => !perId.has(id)).length;
    const twice = [...perId.values()].filter((n) => n > 1).length;
    const lastIndex = new Map<string, number>();
    let outOfOrder = 0;
    for (const m of graph.accepted) {
      const w = written.get(String(m.callbackData));
      if (!w) continue;
      if ((lastIndex.get(w.conversationId) ?? -1) > w.index) outOfOrder += 1;
      lastIndex.set(w.conversationId, w.index);
    }

    const slowestBurst = Math.max(...burstMs);
    return {
      name: 'outbox',
      figures: [
        figure(
          'outbox_burst_last_accepted',
          `${o.burst} replies to one customer: last accepted after the last is written (slowest of ${o.bursts}; Graph answers in ${o.graphDelayMs} ms)`,
          slowestBurst,
          'ms',
          { op: '<=', value: 1000 },
        ),
        figure(
          'outbox_campaign_all_out',
          `${o.customers.toLocaleString('en-US')} replies to ${o.customers.toLocaleString('en-US')} customers at ${o.ratePerSecond} msg/s: all out after (from their commit)`,
          campaignMs / 1000,
          's',
          { op: '<=', value: 15 },
        ),
        figure(
          'outbox_campaign_written',
          '… writing them (one transaction, before the clock starts) took',
          writtenAfter / 1000,
          's',
        ),
        figure(
          'outbox_busiest_second',
          `… most sends arriving at the Graph stand-in in any 1 s window (scheduled 1/rate apart, ≤ ${o.ratePerSecond} by construction; a send arrives a little after its slot, never before)`,
          busiestSecond,
          'sends',
        ),
        figure('outbox_cpu_api', '… CPU per reply: API process (its outbox worker)', cpuPerReplyMs.api, 'ms'),
        figure(
          'outbox_cpu_postgres',
          '… CPU per reply: every postgres process on the machine',
          cpuPerReplyMs.postgres,
          'ms',
        ),
        figure(
          'outbox_lost_twice_disorder',
          'Replies lost, sent twice or out of per-customer order',
          lost + twice + outOfOrder,
          '',
          { op: '<=', value: 0, label: '0' },
        ),
      ],
      details: {
        burstMs,
        campaignMs,
        campaignWrittenMs: writtenAfter,
        cpuPerReplyMs,
        campaignFirstSendMs: (starts[0] ?? t0) - t0,
        campaignSendsPerSecond: Array.from(perSecond, (n) => n ?? 0),
        busiestSecond,
        lost,
        sentTwice: twice,
        outOfOrder,
        graphRequests: graph.requests.length,
        graphAccepted: graph.accepted.length,
      },
    };
  } finally {
    await pool.end();
    await stopAll([api]);
    await graph.close();
  }
}

/** The most timestamps (sorted, ms) inside any half-open window [t, t + windowMs). */
function maxInWindow(sorted: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
