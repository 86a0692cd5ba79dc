// Soak: 1,000 replies (100 customers × 10, each customer's in order) through the real mutate route while
// 30 % of Graph API calls fail (5xx, HTML 503, 130429, no answer, accepted but the answer lost) and the API
// process is SIGKILLed twice. Meta's 'sent' status webhooks follow each acceptance, retried like Meta.
// Every reply must reach the customer exactly once, in order.
import { randomUUID } from 'node:crypto';
import { createPool } from '../../server/db/pool.ts';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { counterMismatches } from '../../tests/support/counters.ts';
import { type FakeAnswer, FakeGraph } from '../../tests/support/fake-graph.ts';
import { createOperators } from '../../tests/support/operators.ts';
import { installZeroUpstreamTables, pushClient } from '../../tests/support/push-client.ts';
import {
  BENCH_CHANNEL,
  benchEnv,
  createDatabase,
  type Postgres,
  type Proc,
  startApi,
} from '../../tests/support/stack.ts';
import { seededRandom, sleep, waitUntil } from '../../tests/support/stats.ts';
import { fixtureStatus, statusesWebhook } from '../../tests/support/webhook-fixtures.ts';
import {
  customerWaId,
  deliverLikeMeta,
  envelopeOptions,
  inboundText,
  messagesBody,
} from '../../tests/support/webhooks.ts';
import { figure, type ScenarioResult } from '../lib/report.ts';

export async function graphFaultsSoak(o: {
  postgres: Postgres;
  dir: string;
  apiPort: number;
  customers: number;
  repliesPerCustomer: number;
  faultRate: number;
}): Promise<ScenarioResult> {
  const logDir = `${o.dir}/logs`;
  const random = seededRandom(1125);
  const graph = await new FakeGraph().start();
  const faults: Record<string, number> = {};
  const palette: FakeAnswer[] = [
    { kind: 'error', status: 500, code: 2, title: 'Service temporarily unavailable' },
    { kind: 'error', status: 503, html: true },
    { kind: 'error', status: 429, code: 130429, title: 'Rate limit hit' },
    { kind: 'drop' },
    { kind: 'accept_then_drop' },
  ];
  graph.behave = () => {
    if (random() >= o.faultRate) return { kind: 'accept' };
    const answer = palette[Math.floor(random() * palette.length)] as FakeAnswer;
    const key =
      answer.kind === 'error' ? `${answer.status}${answer.code ? ` ${answer.code}` : ''}` : answer.kind;
    faults[key] = (faults[key] ?? 0) + 1;
    return answer;
  };
  const env = benchEnv({
    databaseUrl: '',
    dataDir: `${o.dir}/graph`,
    port: o.apiPort,
    zeroPort: 9,
    graphUrl: graph.base,
  });
  const url = await createDatabase(o.postgres, 'soak_graph', env);
  env.DATABASE_URL = url;
  const pool = createPool(url, 4);
  const baseUrl = `http://127.0.0.1:${o.apiPort}`;
  let api: Proc | undefined;
  const statusDeliveries: Promise<unknown>[] = [];
  // Like Meta: a 'sent' status webhook follows every acceptance, retried until the API takes it.
  graph.onAccepted = (m) => {
    const item = {
      ...fixtureStatus.sent(m.wamid, { recipient: m.to }),
      biz_opaque_callback_data: m.callbackData,
    };
    const body = serializeLikeMeta(statusesWebhook([item], envelopeOptions));
    statusDeliveries.push(
      sleep(50).then(() => deliverLikeMeta(baseUrl, body, { deadlineMs: 900_000 }).catch(() => {})),
    );
  };
  try {
    await installZeroUpstreamTables(pool);
    api = await startApi('graph-api', env, logDir);
    const now = Math.floor(Date.now() / 1000);
    for (let c = 0; c < o.customers; c++) {
      await deliverLikeMeta(
        baseUrl,
        messagesBody([inboundText(`wamid.gf.in.${c}`, customerWaId(c), 'Hello', now)]),
      );
    }
    const { rows: convs } = await pool.query<{ id: string; wa_id: string }>(
      `SELECT c.id, ct.wa_id FROM conversation c JOIN contact ct ON ct.id = c.contact_id
        WHERE c.channel_id = $1 ORDER BY ct.wa_id`,
      [BENCH_CHANNEL.id],
    );
    const [op] = await createOperators(pool, 1, 'soak-graph-op');
    if (!op || convs.length !== o.customers) throw new Error('graph soak: set-up failed');

    const total = o.customers * o.repliesPerCustomer;
    const ids = new Map<string, { waId: string; index: number }>();
    let enqueued = 0;
    const kills: string[] = [];
    const kill = async (why: string) => {
      await api?.kill('SIGKILL');
      kills.push(why);
      await sleep(1000);
      api = await startApi('graph-api', env, logDir);
    };
    let killing: Promise<void> | null = null;
    const failedPushes: string[] = [];
    const t0 = Date.now();
    await Promise.all(
      convs.map(async (conv, c) => {
        const client = pushClient(() => baseUrl, op.cookie);
        await sleep((c * 20_000) / o.customers);
        for (let i = 0; i < o.repliesPerCustomer; i++) {
          const id = randomUUID();
          ids.set(id, { waId: conv.wa_id, index: i });
          const outcome = await client.push('messages.sendText', {
            id,
            conversationId: conv.id,
            body: `Reply ${i + 1} of ${o.repliesPerCustomer}`,
            now: Date.now(),
          });
          if (!outcome.ok) failedPushes.push(outcome.detail);
          enqueued += 1;
          if (enqueued === Math.floor(total * 0.4) && !killing)
            killing = kill('while replies were being written');
          await sleep(500 + random() * 1500);
        }
      }),
    );
    await killing;
    const enqueueSeconds = (Date.now() - t0) / 1000;
    // The second kill once most replies are out: the rest are mid-retry.
    await waitUntil(
      () => graph.accepted.length >= total * 0.7,
      900_000,
      '70 % of the replies to be accepted',
      200,
    );
    await kill('while replies were being retried and sent');
    await waitUntil(
      async () => {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM private.outbound_message WHERE done_at IS NULL`,
        );
        return rows[0]?.n === 0;
      },
      1_800_000,
      'every reply to be sent or failed',
      1000,
    );
    const drainSeconds = (Date.now() - t0) / 1000;
    await Promise.allSettled(statusDeliveries);

    const perId = new Map<string, number>();
    for (const m of graph.accepted)
      perId.set(String(m.callbackData), (perId.get(String(m.callbackData)) ?? 0) + 1);
    const never = [...ids.keys()].filter((id) => !perId.has(id)).length;
    const twice = [...perId.values()].filter((n) => n > 1).length;
    let outOfOrder = 0;
    const lastIndex = new Map<string, number>();
    for (const m of graph.accepted) {
      const meta = ids.get(String(m.callbackData));
      if (!meta) continue;
      if ((lastIndex.get(meta.waId) ?? -1) >= meta.index) outOfOrder += 1;
      lastIndex.set(meta.waId, meta.index);
    }
    const { rows: failed } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM message WHERE direction = 'out' AND status = 'failed'`,
    );
    const mismatches = await counterMismatches(pool, { operatorPrefix: 'soak-graph-op' });
    const zero = { op: '<=' as const, value: 0, label: '0' };
    const faultCount = Object.values(faults).reduce((a, b) => a + b, 0);
    return {
      name: 'graph-faults',
      figures: [
        figure(
          'graph_fault_share',
          'Graph API calls that failed',
          (100 * faultCount) / Math.max(1, graph.requests.length),
          '%',
          { op: '>=', value: 25, label: `${Math.round(o.faultRate * 100)} %` },
        ),
        figure('graph_kills', 'API processes SIGKILLed during the run', kills.length, '', {
          op: '>=',
          value: 2,
          label: '2',
        }),
        figure('graph_never', `Replies never delivered (of ${total})`, never + (failed[0]?.n ?? 0), '', zero),
        figure('graph_twice', 'Replies delivered more than once', twice, '', zero),
        figure('graph_order', 'Replies delivered out of per-customer order', outOfOrder, '', zero),
        figure('graph_counters', 'Counters differing from a recount', mismatches.length, '', zero),
        figure('graph_drain', 'Time until every reply was out', drainSeconds, 's'),
      ],
      details: {
        graphRequests: graph.requests.length,
        faults,
        kills,
        failedPushes: failedPushes.slice(0, 5),
        enqueueSeconds,
        drainSeconds,
        failedMessages: failed[0]?.n,
      },
    };
  } finally {
    await api?.kill('SIGTERM');
    await pool.end();
    await graph.close();
  }
}
