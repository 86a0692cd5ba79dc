// Soak: 50 operators, each with their own Zero client on the same conversation's thread, reply at the same
// instant (optimistic in each client, then zero-cache → /api/zero/mutate). Every reply is kept, every
// client ends with the same order as the database, and the customer receives them once each in that order.
import { randomUUID } from 'node:crypto';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import { createPool } from '../../server/db/pool.ts';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { counterMismatches } from '../../tests/support/counters.ts';
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
import { sleep, waitUntil } from '../../tests/support/stats.ts';
import { fixtureStatus, statusesWebhook } from '../../tests/support/webhook-fixtures.ts';
import {
  customerWaId,
  deliverLikeMeta,
  envelopeOptions,
  inboundText,
  messagesBody,
} from '../../tests/support/webhooks.ts';
import { figure, type ScenarioResult } from '../lib/report.ts';
import { connectOperator, type OperatorClient } from '../lib/zero-node-client.ts';

type Msg = { id: string; status: string };

export async function manyOperatorsSoak(o: {
  postgres: Postgres;
  dir: string;
  apiPort: number;
  zeroPort: number;
  operators: number;
}): Promise<ScenarioResult> {
  const logDir = `${o.dir}/logs`;
  const graph = await new FakeGraph().start();
  const env = benchEnv({
    databaseUrl: '',
    dataDir: `${o.dir}/many`,
    port: o.apiPort,
    zeroPort: o.zeroPort,
    graphUrl: graph.base,
  });
  const url = await createDatabase(o.postgres, 'soak_many', env);
  env.DATABASE_URL = url;
  const pool = createPool(url, 4);
  const baseUrl = `http://127.0.0.1:${o.apiPort}`;
  const statusDeliveries: Promise<unknown>[] = [];
  graph.onAccepted = (m) => {
    const item = {
      ...fixtureStatus.sent(m.wamid, { recipient: m.to }),
      biz_opaque_callback_data: m.callbackData,
    };
    const body = serializeLikeMeta(statusesWebhook([item], envelopeOptions));
    statusDeliveries.push(sleep(20).then(() => deliverLikeMeta(baseUrl, body).catch(() => {})));
  };
  const zero = await startZeroCache('many-zero-cache', {
    databaseUrl: url,
    port: o.zeroPort,
    apiPort: o.apiPort,
    replicaFile: `${o.dir}/many/replica.db`,
    logDir,
  });
  const api = await startApi('many-api', env, logDir);
  const clients: OperatorClient[] = [];
  try {
    const waId = customerWaId(4242);
    await deliverLikeMeta(
      baseUrl,
      messagesBody([
        inboundText('wamid.many.hello', waId, 'Can anyone help?', Math.floor(Date.now() / 1000)),
      ]),
    );
    const { rows: conv } = await pool.query<{ id: string }>(
      `SELECT c.id FROM conversation c JOIN contact ct ON ct.id = c.contact_id WHERE ct.wa_id = $1 AND c.channel_id = $2`,
      [waId, BENCH_CHANNEL.id],
    );
    const conversationId = conv[0]?.id;
    if (!conversationId) throw new Error('no conversation');
    const operators = await createOperators(pool, o.operators, 'soak-many-op');
    const threads = operators.map((op) => {
      const client = connectOperator(op, `http://127.0.0.1:${o.zeroPort}`);
      clients.push(client);
      const state: { rows: readonly Msg[]; complete: boolean } = { rows: [], complete: false };
      client.zero
        .materialize(queries.messages.byConversation({ conversationId, limit: 200 }))
        .addListener((rows, type) => {
          state.rows = rows as readonly Msg[];
          if (type === 'complete') state.complete = true;
        });
      return state;
    });
    await waitUntil(
      () => threads.every((t) => t.complete),
      120_000,
      'every operator to have the thread open',
    );

    // Everyone presses Enter in the same tick.
    const ids = operators.map(() => randomUUID());
    const t0 = performance.now();
    clients.forEach((c, i) => {
      c.zero.mutate(
        mutators.messages.sendText({
          id: ids[i] as string,
          conversationId,
          body: `Reply from operator ${i + 1}`,
          now: Date.now(),
        }),
      );
    });
    const idSet = new Set<string>(ids);
    const mine = (t: { rows: readonly Msg[] }) => t.rows.filter((r) => idSet.has(r.id));
    await waitUntil(
      () =>
        threads.every((t) => mine(t).length === ids.length && mine(t).every((r) => r.status !== 'pending')),
      600_000,
      'every client to show all replies confirmed',
      100,
    );
    const allConfirmedSeconds = (performance.now() - t0) / 1000;
    const { rows: dbOrder } = await pool.query<{ id: string }>(
      `SELECT id FROM message WHERE conversation_id = $1 AND direction = 'out' ORDER BY created_at DESC, id DESC`,
      [conversationId],
    );
    const expected = dbOrder.map((r) => r.id).join();
    const disagreeing = threads.filter(
      (t) =>
        mine(t)
          .map((r) => r.id)
          .join() !== expected,
    ).length;
    await waitUntil(
      () => graph.accepted.length >= ids.length,
      900_000,
      'every reply to reach the customer',
      200,
    );
    const drainSeconds = (performance.now() - t0) / 1000;
    await Promise.allSettled(statusDeliveries);
    const received = graph.accepted.map((m) => m.callbackData);
    const sameAsThread =
      received.join() ===
      [...dbOrder]
        .reverse()
        .map((r) => r.id)
        .join();
    const mismatches = await counterMismatches(pool, { operatorPrefix: 'soak-many-op' });
    const zeroTarget = { op: '<=' as const, value: 0, label: '0' };
    return {
      name: 'many-operators',
      figures: [
        figure('many_kept', `Replies stored (of ${ids.length} sent at once)`, dbOrder.length, '', {
          op: '>=',
          value: ids.length,
          label: String(ids.length),
        }),
        figure(
          'many_disagree',
          'Clients whose thread order differs from the database',
          disagreeing,
          '',
          zeroTarget,
        ),
        figure(
          'many_customer_order',
          'Customer received them once each, in thread order',
          sameAsThread ? 1 : 0,
          '',
          {
            op: '>=',
            value: 1,
            label: 'yes',
          },
        ),
        figure('many_counters', 'Counters differing from a recount', mismatches.length, '', zeroTarget),
        figure('many_confirmed', 'All replies confirmed in all clients after', allConfirmedSeconds, 's'),
        figure('many_drain', 'All replies accepted by the Graph API after', drainSeconds, 's'),
      ],
      details: { received: received.length, mismatches },
    };
  } finally {
    await Promise.allSettled(clients.map((c) => c.zero.close()));
    await pool.end();
    await stopAll([zero, api]);
    await graph.close();
  }
}
