// Target 4 (Node part): an operator's reply through Zero: optimistic in the operator's own client, then
// zero-cache → /api/zero/mutate (message + outbox job in one transaction) → graphile-worker → the Graph
// API (tests/support/fake-graph.ts over HTTP) → 'sent' synced back to the client.
import { randomUUID } from 'node:crypto';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import { createPool } from '../../server/db/pool.ts';
import { FakeGraph } from '../../tests/support/fake-graph.ts';
import { createOperators } from '../../tests/support/operators.ts';
import {
  BENCH_CHANNEL,
  benchEnv,
  createDatabase,
  type Postgres,
  startApi,
  startZeroCache,
  stopAll,
} from '../../tests/support/stack.ts';
import { sleep, summarize, waitUntil } from '../../tests/support/stats.ts';
import { customerWaId, deliverLikeMeta, inboundText, messagesBody } from '../../tests/support/webhooks.ts';
import { figure, type ScenarioResult } from '../lib/report.ts';
import { connectOperator } from '../lib/zero-node-client.ts';

export type SendOptions = {
  postgres: Postgres;
  dir: string;
  apiPort: number;
  zeroPort: number;
  sends: number;
};

type Row = { id: string; status: string };

export async function sendScenario(o: SendOptions): Promise<ScenarioResult> {
  const logDir = `${o.dir}/logs`;
  const graph = await new FakeGraph().start();
  const acceptedAt = new Map<string, number>();
  graph.onAccepted = (m) => {
    if (m.callbackData) acceptedAt.set(m.callbackData, performance.now());
  };
  const env = benchEnv({
    databaseUrl: '',
    dataDir: `${o.dir}/send`,
    port: o.apiPort,
    zeroPort: o.zeroPort,
    graphUrl: graph.base,
  });
  const url = await createDatabase(o.postgres, 'bench_send', env);
  env.DATABASE_URL = url;
  const pool = createPool(url, 4);
  const zero = await startZeroCache('send-zero-cache', {
    databaseUrl: url,
    port: o.zeroPort,
    apiPort: o.apiPort,
    replicaFile: `${o.dir}/send/replica.db`,
    logDir,
  });
  const api = await startApi('send-api', env, logDir);
  const baseUrl = `http://127.0.0.1:${o.apiPort}`;
  try {
    // Customers who just wrote (their 24-hour windows are open).
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 10; i++) {
      await deliverLikeMeta(
        baseUrl,
        messagesBody([inboundText(`wamid.send.in.${i}`, customerWaId(i), 'Hi', now)]),
      );
    }
    const { rows: convs } = await pool.query<{ id: string }>(
      'SELECT id FROM conversation WHERE channel_id = $1 ORDER BY id',
      [BENCH_CHANNEL.id],
    );
    const [op] = await createOperators(pool, 1, 'bench-sender');
    if (!op || convs.length === 0) throw new Error('send scenario: no operator or conversation');
    const client = connectOperator(op, `http://127.0.0.1:${o.zeroPort}`);

    const optimistic: number[] = [];
    const accepted: number[] = [];
    const sentInClient: number[] = [];
    for (let i = 0; i < o.sends; i++) {
      const conversationId = (convs[i % convs.length] as { id: string }).id;
      const view = client.zero.materialize(queries.messages.byConversation({ conversationId, limit: 100 }));
      // The thread is open and synced before the operator types.
      await new Promise<void>((resolve) => {
        const off = view.addListener((_rows, type) => {
          if (type === 'complete') {
            queueMicrotask(() => off());
            resolve();
          }
        });
      });
      const id = randomUUID();
      let shownAt = 0;
      let sentAt = 0;
      view.addListener((rows) => {
        const row = (rows as readonly Row[]).find((r) => r.id === id);
        if (row && !shownAt) shownAt = performance.now();
        if (row?.status === 'sent' && !sentAt) sentAt = performance.now();
      });
      const t0 = performance.now();
      client.zero.mutate(
        mutators.messages.sendText({ id, conversationId, body: `Reply ${i}`, now: Date.now() }),
      );
      await waitUntil(() => sentAt > 0, 30_000, `reply ${i} to be sent`, 5);
      optimistic.push(shownAt - t0);
      sentInClient.push(sentAt - t0);
      const graphAt = acceptedAt.get(id);
      if (graphAt) accepted.push(graphAt - t0);
      view.destroy();
      await sleep(100);
    }
    await client.zero.close();
    const perMessage = new Map<string, number>();
    for (const m of graph.accepted)
      perMessage.set(String(m.callbackData), (perMessage.get(String(m.callbackData)) ?? 0) + 1);
    const opt = summarize(optimistic);
    const acc = summarize(accepted);
    const sent = summarize(sentInClient);
    return {
      name: 'send',
      figures: [
        figure(
          'send_optimistic_node',
          'Reply visible in the operator’s own Zero client (Node), p50',
          opt.p50,
          'ms',
          {
            op: '<=',
            value: 16,
          },
        ),
        figure(
          'send_graph_p50',
          'Reply accepted by the Graph API (FakeGraph over HTTP), p50',
          acc.p50,
          'ms',
          {
            op: '<=',
            value: 100,
          },
        ),
        figure(
          'send_sent_in_client_p50',
          'Reply shown as sent in the operator’s client, p50',
          sent.p50,
          'ms',
        ),
      ],
      details: {
        optimisticMs: opt,
        graphAcceptedMs: acc,
        sentInClientMs: sent,
        graphRequests: graph.requests.length,
        graphAccepted: graph.accepted.length,
        repliesSentMoreThanOnce: [...perMessage.values()].filter((n) => n > 1).length,
      },
    };
  } finally {
    await pool.end();
    await stopAll([zero, api]);
    await graph.close();
  }
}
