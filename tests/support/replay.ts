// Meta's delivery semantics as a fault scenario: a conversation history (customers, operators' replies
// with their wamids), then customers' messages and the replies' statuses, each body delivered 1–3 times
// in random order with retries until a 200, while the API process may be SIGKILLed. The result must equal
// the same bodies applied once, in order, to a reference database.
import { createWebhookSecrets } from '../../server/channels/webhook-secrets.ts';
import { createSecretBox } from '../../server/crypto/secret-box.ts';
import type { Pool } from '../../server/db/pool.ts';
import { handleWebhookPost } from '../../server/inbound/handle-webhook-post.ts';
import { createWebhookGroupCommit } from '../../server/inbound/webhook-group-commit.ts';
import { counterMismatches } from './counters.ts';
import { snapshot } from './db-snapshot.ts';
import { BENCH_CHANNEL, ENCRYPTION_KEY } from './stack.ts';
import { seededRandom, shuffleInPlace } from './stats.ts';
import type { TestDatabase } from './test-database.ts';
import { customerWaId, inboundText, messagesBody, postWebhook, sign, statusesBody } from './webhooks.ts';

export type ReplayPlan = {
  run: string;
  customers: number;
  /** One message per customer, applied in order before the run (the conversations exist). */
  setup: string[];
  /** Operators' replies already sent (wamid known): the statuses' targets. */
  outbound: { id: string; waId: string; wamid: string; atMs: number }[];
  /** The bodies of the run, in a canonical order (the reference applies them once, in this order). */
  bodies: string[];
  /** Indices into `bodies`: each 1–3 times, shuffled. */
  deliveries: number[];
  counts: { messages: number; statuses: number };
};

/** `messages` inbound texts and `statuses` (3 per reply: sent, delivered, read), 1–5 items per body. */
export function planReplay(opts: {
  messages: number;
  statuses: number;
  customers: number;
  seed: number;
}): ReplayPlan {
  const random = seededRandom(opts.seed);
  const run = `rp${opts.seed.toString(36)}`;
  // Every event in the past, as Meta sends them (the last message 10 minutes ago): a time ahead of the
  // receiving clock is taken as the time of receipt, which would differ between the run and the reference.
  const t0 = Math.floor(Date.now() / 1000) - (3600 + opts.messages + 600);
  const setup = Array.from({ length: opts.customers }, (_, c) =>
    messagesBody([inboundText(`wamid.${run}.hello.${c}`, customerWaId(c), `Hello ${c}`, t0 + c)]),
  );
  const replies = Math.floor(opts.statuses / 3);
  const outbound = Array.from({ length: replies }, (_, i) => ({
    id: `${run}-reply-${i}`,
    waId: customerWaId(i % opts.customers),
    wamid: `wamid.${run}.out.${i}`,
    atMs: (t0 + 600 + i) * 1000,
  }));
  type Item =
    | { kind: 'message'; value: unknown }
    | { kind: 'status'; value: Parameters<typeof statusesBody>[0][0] };
  const items: Item[] = [];
  for (let i = 0; i < opts.messages; i++) {
    items.push({
      kind: 'message',
      value: inboundText(
        `wamid.${run}.in.${i}`,
        customerWaId(i % opts.customers),
        `Message ${i} <script>alert(1)</script> ' OR 1=1 --`,
        t0 + 3600 + i,
      ),
    });
  }
  const kinds = ['sent', 'delivered', 'read'] as const;
  outbound.forEach((o, i) => {
    kinds.forEach((status, k) => {
      items.push({
        kind: 'status',
        value: { wamid: o.wamid, status, recipient: o.waId, at: t0 + 1200 + i + k * 10 },
      });
    });
  });
  // Bodies of 1–5 items of one kind, as Meta batches them.
  const bodies: string[] = [];
  const messages = items.filter((i) => i.kind === 'message');
  const statuses = items.filter((i) => i.kind === 'status');
  for (const group of [messages, statuses]) {
    for (let i = 0; i < group.length; ) {
      const n = 1 + Math.floor(random() * 5);
      const chunk = group.slice(i, i + n);
      i += n;
      bodies.push(
        chunk[0]?.kind === 'message'
          ? messagesBody(chunk.map((c) => c.value))
          : statusesBody(chunk.map((c) => c.value as Parameters<typeof statusesBody>[0][0])),
      );
    }
  }
  const deliveries: number[] = [];
  bodies.forEach((_, i) => {
    const times = 1 + Math.floor(random() * 3);
    for (let k = 0; k < times; k++) deliveries.push(i);
  });
  shuffleInPlace(deliveries, random);
  return {
    run,
    customers: opts.customers,
    setup,
    outbound,
    bodies,
    deliveries,
    counts: { messages: opts.messages, statuses: replies * 3 },
  };
}

/** Applies one body through the product's webhook handler, in this process (the reference path). */
export function inProcessPoster(pool: Pool) {
  const deps = {
    pool,
    log: () => {},
    secrets: createWebhookSecrets(pool, createSecretBox(ENCRYPTION_KEY)),
    groupCommit: createWebhookGroupCommit(pool),
  };
  return async (body: string) => {
    const s = sign(body);
    const answer = await handleWebhookPost(
      deps,
      new TextEncoder().encode(body),
      s.headers['x-hub-signature-256'],
    );
    if (answer.status !== 200)
      throw new Error(`reference webhook answered ${answer.status} ${answer.reason}`);
  };
}

/** The history before the run: setup bodies in order, then the operators' replies (as the outbox leaves them). */
export async function prepareReplay(pool: Pool, plan: ReplayPlan, post: (body: string) => Promise<void>) {
  for (const body of plan.setup) await post(body);
  const { rows } = await pool.query<{ id: string; wa_id: string }>(
    `SELECT c.id, ct.wa_id FROM conversation c JOIN contact ct ON ct.id = c.contact_id WHERE c.channel_id = $1`,
    [BENCH_CHANNEL.id],
  );
  const byWaId = new Map(rows.map((r) => [r.wa_id, r.id]));
  const conversationIds = plan.outbound.map((o) => byWaId.get(o.waId) ?? '');
  if (conversationIds.some((id) => !id)) throw new Error('replay: a customer has no conversation');
  await pool.query(
    `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status, created_at, received_at, sent_at)
     SELECT id, conv, wamid, 'out', 'text', 'Reply', 'sent', at, at, at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS u(id, conv, wamid, at)`,
    [
      plan.outbound.map((o) => o.id),
      conversationIds,
      plan.outbound.map((o) => o.wamid),
      plan.outbound.map((o) => new Date(o.atMs)),
    ],
  );
  // Each conversation's summary follows its latest reply, and the lighthouse goes off, as after a send.
  await pool.query(
    `WITH last AS (
       SELECT DISTINCT ON (conversation_id) conversation_id, id, created_at FROM message
        WHERE direction = 'out' AND id = ANY($1::text[]) ORDER BY conversation_id, created_at DESC, id DESC)
     UPDATE conversation c SET last_message_id = last.id, last_message_preview = 'Reply', last_message_at = last.created_at,
            last_message_direction = 'out', last_message_status = 'sent', awaiting_reply = false, awaiting_since = NULL,
            unread_count = 0
       FROM last WHERE c.id = last.conversation_id`,
    [plan.outbound.map((o) => o.id)],
  );
  await pool.query(
    `UPDATE channel_stats s SET
       waiting_count = (SELECT count(*) FROM conversation c WHERE c.channel_id = s.channel_id AND c.awaiting_reply),
       unread_count = (SELECT count(*) FROM conversation c WHERE c.channel_id = s.channel_id AND c.unread_count > 0)`,
  );
}

export type DeliveryStats = { posts: number; retried: number; byStatus: Record<string, number> };

/**
 * Delivers like Meta: `concurrency` senders take the shuffled deliveries; each retries until a 200
 * (connection refused while the process is dead, 503 while the database is away). `onProgress` gets the
 * number of deliveries completed (to time the kills).
 */
export async function deliverShuffled(
  baseUrl: () => string,
  plan: ReplayPlan,
  opts: { concurrency: number; onProgress?: (done: number) => Promise<void> | void; maxDelayMs?: number },
): Promise<DeliveryStats> {
  const stats: DeliveryStats = { posts: 0, retried: 0, byStatus: {} };
  let next = 0;
  let done = 0;
  const sender = async () => {
    for (;;) {
      const index = next++;
      if (index >= plan.deliveries.length) return;
      const body = plan.bodies[plan.deliveries[index] as number] as string;
      for (let attempt = 1; ; attempt++) {
        const status = await postWebhook(baseUrl(), body, 20_000);
        stats.posts += 1;
        stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
        if (status === 200) break;
        if (status >= 400 && status < 500) throw new Error(`a valid webhook was refused with ${status}`);
        stats.retried += 1;
        const delay = Math.min(opts.maxDelayMs ?? 1000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2);
        await new Promise((r) => setTimeout(r, delay));
      }
      done += 1;
      await opts.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, sender));
  return stats;
}

export type ReplayVerdict = {
  lost: number;
  duplicated: number;
  statusRegressions: number;
  counterMismatches: number;
  differsFromInOrder: string[];
};

const RANK: Record<string, number> = { pending: 0, sent: 1, delivered: 2, read: 3, played: 4, failed: 5 };

/** Watches a sample of replies while the run goes on: a status that ever moves backwards is a regression. */
export function watchStatuses(pool: Pool, plan: ReplayPlan, sample = 200) {
  const ids = plan.outbound
    .filter((_, i) => i % Math.max(1, Math.floor(plan.outbound.length / sample)) === 0)
    .map((o) => o.id);
  const last = new Map<string, number>();
  let regressions = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const { rows } = await pool.query<{ id: string; status: string }>(
          'SELECT id, status FROM message WHERE id = ANY($1::text[])',
          [ids],
        );
        for (const r of rows) {
          const rank = RANK[r.status] ?? -1;
          if (rank < (last.get(r.id) ?? -1)) regressions += 1;
          last.set(r.id, Math.max(rank, last.get(r.id) ?? -1));
        }
      } catch {
        // the database may be restarting
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return regressions;
    },
  };
}

/** The verdict, and for tables that differ from in-order delivery the first differing rows (to debug). */
export async function verifyReplay(
  pool: Pool,
  reference: Pool,
  plan: ReplayPlan,
  observedRegressions: number,
): Promise<{ verdict: ReplayVerdict; samples: Record<string, { actual: unknown; expected: unknown }[]> }> {
  const { rows: inbound } = await pool.query<{ wamid: string; n: number }>(
    `SELECT wamid, count(*)::int AS n FROM message WHERE wamid LIKE $1 GROUP BY wamid`,
    [`wamid.${plan.run}.in.%`],
  );
  const present = new Set(inbound.map((r) => r.wamid));
  let lost = 0;
  for (let i = 0; i < plan.counts.messages; i++) if (!present.has(`wamid.${plan.run}.in.${i}`)) lost += 1;
  const duplicated = inbound.filter((r) => r.n > 1).length;
  const { rows: notRead } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM message WHERE id = ANY($1::text[])
        AND (status <> 'read' OR delivered_at IS NULL OR read_at IS NULL)`,
    [plan.outbound.map((o) => o.id)],
  );
  const mismatches = await counterMismatches(pool);
  const actual = await snapshot({ pool } as TestDatabase);
  const expected = await snapshot({ pool: reference } as TestDatabase);
  const differsFromInOrder = (Object.keys(expected) as (keyof typeof expected)[]).filter(
    (k) => JSON.stringify(actual[k]) !== JSON.stringify(expected[k]),
  );
  const samples: Record<string, { actual: unknown; expected: unknown }[]> = {};
  for (const k of differsFromInOrder) {
    const a = actual[k] as unknown[];
    const e = expected[k] as unknown[];
    samples[k] = [];
    for (let i = 0; i < Math.max(a.length, e.length) && (samples[k]?.length ?? 0) < 3; i++) {
      if (JSON.stringify(a[i]) !== JSON.stringify(e[i])) samples[k]?.push({ actual: a[i], expected: e[i] });
    }
  }
  return {
    verdict: {
      lost,
      duplicated,
      statusRegressions: observedRegressions + (notRead[0]?.n ?? 0),
      counterMismatches: mismatches.length,
      differsFromInOrder,
    },
    samples,
  };
}
