// Scale-out proof: two API processes (webhooks + outbox workers in both), a zero-cache replication-manager
// and two view-syncers on one Postgres. A conversation created through either API process reaches the
// operators on both view-syncers; an operator's reply written through one view-syncer reaches the other;
// replies pushed to both API processes are each sent exactly once, in per-customer order.
import { randomUUID } from 'node:crypto';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import { createPool } from '../../server/db/pool.ts';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { FakeGraph } from '../../tests/support/fake-graph.ts';
import { createOperators } from '../../tests/support/operators.ts';
import { pushClient } from '../../tests/support/push-client.ts';
import { BENCH_CHANNEL, benchEnv, createDatabase, type Postgres } from '../../tests/support/stack.ts';
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
import { startTopology, type Topology } from '../lib/topology.ts';
import { connectOperator, type OperatorClient } from '../lib/zero-node-client.ts';

type Conv = { id: string; lastMessagePreview: string; participantPhone: string };

export async function scaleOutSoak(o: {
  postgres: Postgres;
  dir: string;
  apiPorts: [number, number];
  replicationManagerPort: number;
  viewSyncerPorts: [number, number];
  replies: number;
}): Promise<ScenarioResult> {
  const graph = await new FakeGraph().start();
  const env = benchEnv({
    databaseUrl: '',
    dataDir: `${o.dir}/scale-out`,
    port: o.apiPorts[0],
    zeroPort: 9,
    graphUrl: graph.base,
  });
  const url = await createDatabase(o.postgres, 'soak_scale', env);
  env.DATABASE_URL = url;
  const pool = createPool(url, 4);
  let topology: Topology | undefined;
  const clients: OperatorClient[] = [];
  const statusDeliveries: Promise<unknown>[] = [];
  try {
    topology = await startTopology({
      databaseUrl: url,
      env,
      dir: `${o.dir}/scale-out`,
      apiPorts: o.apiPorts,
      replicationManagerPort: o.replicationManagerPort,
      viewSyncerPorts: o.viewSyncerPorts,
      log: (l) => process.stdout.write(`  ${l}\n`),
    });
    const [apiA, apiB] = topology.apis as [Topology['apis'][0], Topology['apis'][0]];
    graph.onAccepted = (m) => {
      const item = {
        ...fixtureStatus.sent(m.wamid, { recipient: m.to }),
        biz_opaque_callback_data: m.callbackData,
      };
      const body = serializeLikeMeta(statusesWebhook([item], envelopeOptions));
      // Meta's webhooks land on either API process (behind a load balancer).
      const target = Math.random() < 0.5 ? apiA.url : apiB.url;
      statusDeliveries.push(sleep(20).then(() => deliverLikeMeta(target, body).catch(() => {})));
    };

    // Two operators on each view-syncer, each holding the Chats table.
    const operators = await createOperators(pool, 4, 'soak-scale-op');
    const views = operators.map((op, i) => {
      const vs = topology?.viewSyncers[i % 2];
      const client = connectOperator(op, vs?.url ?? '');
      clients.push(client);
      const rows: { current: readonly Conv[]; complete: boolean } = { current: [], complete: false };
      client.zero.materialize(queries.conversations.list({ limit: 200 })).addListener((r, type) => {
        rows.current = r as readonly Conv[];
        if (type === 'complete') rows.complete = true;
      });
      return { viewSyncer: (i % 2) + 1, rows };
    });
    await waitUntil(() => views.every((v) => v.rows.complete), 120_000, 'every client to sync');

    // A new customer writes; Meta delivers to API process A, another one's to B.
    const now = Math.floor(Date.now() / 1000);
    const seenEverywhere: Record<string, number> = {};
    for (const [api, c] of [
      [apiA, 0],
      [apiB, 1],
    ] as const) {
      const text = `Scale-out via api :${api.port}`;
      const t0 = performance.now();
      await deliverLikeMeta(
        api.url,
        messagesBody([inboundText(`wamid.scale.${c}`, customerWaId(9000 + c), text, now)]),
      );
      await waitUntil(
        () => views.every((v) => v.rows.current.some((r) => r.lastMessagePreview === text)),
        60_000,
        `${text} on both view-syncers`,
        20,
      );
      seenEverywhere[`api :${api.port}`] = performance.now() - t0;
    }

    // More customers, then replies pushed alternately to A and B (as a load balancer spreads zero-cache's
    // pushes), each customer's replies in order.
    const customers = 10;
    for (let c = 0; c < customers; c++) {
      await deliverLikeMeta(
        c % 2 ? apiB.url : apiA.url,
        messagesBody([inboundText(`wamid.scale.in.${c}`, customerWaId(c), 'Hello', now)]),
      );
    }
    const { rows: convs } = await pool.query<{ id: string; wa_id: string }>(
      `SELECT c.id, ct.wa_id FROM conversation c JOIN contact ct ON ct.id = c.contact_id
        WHERE c.channel_id = $1 AND ct.wa_id = ANY($2::text[]) ORDER BY ct.wa_id`,
      [BENCH_CHANNEL.id, Array.from({ length: customers }, (_, c) => customerWaId(c))],
    );
    const order = new Map<string, { waId: string; index: number }>();
    const [first] = operators;
    if (!first) throw new Error('no operator');
    const perCustomer = Math.ceil(o.replies / customers);
    await Promise.all(
      convs.map(async (conv) => {
        const viaA = pushClient(() => apiA.url, first.cookie);
        const viaB = pushClient(() => apiB.url, first.cookie);
        for (let i = 0; i < perCustomer; i++) {
          const id = randomUUID();
          order.set(id, { waId: conv.wa_id, index: i });
          const outcome = await (i % 2 ? viaB : viaA).push('messages.sendText', {
            id,
            conversationId: conv.id,
            body: `Scale-out reply ${i + 1}`,
            now: Date.now(),
          });
          if (!outcome.ok) throw new Error(`push failed: ${outcome.detail}`);
        }
      }),
    );
    // And one reply through Zero itself: operator on view-syncer 2, seen by the one on view-syncer 1.
    const writer = clients[1];
    const target = convs[0];
    let crossSyncMs = Number.NaN;
    if (writer && target) {
      const id = randomUUID();
      const text = `Written through view-syncer 2 ${id.slice(0, 6)}`;
      order.set(id, { waId: target.wa_id, index: perCustomer });
      const t0 = performance.now();
      writer.zero.mutate(
        mutators.messages.sendText({ id, conversationId: target.id, body: text, now: Date.now() }),
      );
      await waitUntil(
        () =>
          views
            .filter((v) => v.viewSyncer === 1)
            .every((v) => v.rows.current.some((r) => r.lastMessagePreview === text)),
        60_000,
        'the reply on view-syncer 1',
        20,
      );
      crossSyncMs = performance.now() - t0;
    }

    await waitUntil(
      async () => {
        const { rows } = await pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM private.outbound_message WHERE done_at IS NULL',
        );
        return rows[0]?.n === 0;
      },
      900_000,
      'every reply to be sent',
      500,
    );
    await Promise.allSettled(statusDeliveries);
    const { rows: workers } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM private.outbox_worker',
    );
    const counts = new Map<string, number>();
    for (const m of graph.accepted)
      counts.set(String(m.callbackData), (counts.get(String(m.callbackData)) ?? 0) + 1);
    const twice = [...counts.values()].filter((n) => n > 1).length;
    const never = [...order.keys()].filter((id) => !counts.has(id)).length;
    let outOfOrder = 0;
    const last = new Map<string, number>();
    for (const m of graph.accepted) {
      const meta = order.get(String(m.callbackData));
      if (!meta) continue;
      if ((last.get(meta.waId) ?? -1) >= meta.index) outOfOrder += 1;
      last.set(meta.waId, meta.index);
    }
    const zero = { op: '<=' as const, value: 0, label: '0' };
    const alive = [...topology.apis, ...topology.viewSyncers, { proc: topology.replicationManager }].filter(
      (x) => x.proc.child.exitCode === null && x.proc.child.signalCode === null,
    ).length;
    return {
      name: 'scale-out',
      figures: [
        figure(
          'scale_topology',
          'Processes alive at the end: 2 APIs, replication-manager, 2 view-syncers',
          alive,
          '',
          {
            op: '>=',
            value: 5,
            label: '5',
          },
        ),
        figure('scale_outbox_workers', 'Outbox worker processes registered', workers[0]?.n ?? 0, '', {
          op: '>=',
          value: 2,
          label: '2',
        }),
        figure(
          'scale_new_conv',
          'New conversation (via API A, via API B) → on both view-syncers, slower of the two',
          Math.max(...Object.values(seenEverywhere)),
          'ms',
        ),
        figure('scale_cross_write', 'Reply written via view-syncer 2 → on view-syncer 1', crossSyncMs, 'ms'),
        figure('scale_twice', `Replies sent twice (of ${order.size}, pushed to both APIs)`, twice, '', zero),
        figure('scale_never', 'Replies never sent', never, '', zero),
        figure('scale_order', 'Replies out of per-customer order', outOfOrder, '', zero),
      ],
      details: {
        seenEverywhereMs: seenEverywhere,
        graphRequests: graph.requests.length,
        outboxWorkers: workers[0]?.n,
      },
    };
  } finally {
    await Promise.allSettled(clients.map((c) => c.zero.close()));
    await topology?.stop();
    await pool.end();
    await graph.close();
  }
}
