// Property-based: random and mutated webhook bodies, signed or not, never get a 5xx, never crash the
// handler, never leave a body that failed to apply, and never break the counters.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import {
  fixtureMessage,
  fixtureStatus,
  messagesChange,
  statusesChange,
  templateStatusUpdateWebhook,
  webhookEnvelope,
} from '../support/webhook-fixtures.ts';
import { APP_SECRET, createHarness, type Harness, recountStats } from './inbound-harness.ts';

let db: TestDatabase;
let h: Harness;
beforeAll(async () => {
  db = await createTestDatabase();
  h = await createHarness(db);
});
afterAll(() => db.drop());

type Json = unknown;

function validBody(): Record<string, unknown> {
  const target = 'wamid.PROPTARGET';
  return webhookEnvelope([
    messagesChange([
      fixtureMessage.text('hello', { wamid: target }),
      fixtureMessage.image({ caption: 'photo' }),
      fixtureMessage.document(),
      fixtureMessage.location({ name: 'Here' }),
      fixtureMessage.contacts(),
      fixtureMessage.buttonReply('Yes'),
      fixtureMessage.button('Track'),
      fixtureMessage.reaction(target, '👍'),
      fixtureMessage.unsupported(),
      fixtureMessage.text('reply', { replyTo: target }),
    ]),
    statusesChange([fixtureStatus.sent('wamid.PROPOUT'), fixtureStatus.failed('wamid.PROPOUT')]),
    ...((
      templateStatusUpdateWebhook({ event: 'APPROVED', name: 'x' }).entry as {
        changes: Record<string, unknown>[];
      }[]
    )[0]?.changes ?? []),
  ]);
}

/** The paths (arrays of keys/indices) inside a JSON value, down to a depth that covers Meta's shapes. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (prefix.length >= 12) return out;
  if (Array.isArray(value)) for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

const hostile = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '<script>alert(1)</script>',
    "'; DROP TABLE message; --",
    '9'.repeat(400),
    '99999999999999999999',
    '-1',
    'NaN',
    'x'.repeat(5000),
  ),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.5, Number.MAX_SAFE_INTEGER),
  fc.constant(null),
  fc.constant(JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`) as Json),
  fc.array(fc.jsonValue(), { maxLength: 5 }),
);

const mutation = fc.record({
  pathIndex: fc.nat(),
  op: fc.constantFrom('replace', 'delete', 'duplicate', 'wrap'),
  value: hostile,
});

function mutate(body: Json, mutations: { pathIndex: number; op: string; value: Json }[]): Json {
  let root = structuredClone(body);
  for (const m of mutations) {
    const all = paths(root);
    const path = all[m.pathIndex % all.length] ?? [];
    if (path.length === 0) {
      root = m.op === 'wrap' ? [root] : structuredClone(m.value);
      continue;
    }
    let parent = root as Record<string | number, Json>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
    const key = path.at(-1) as string | number;
    if (m.op === 'replace') parent[key] = structuredClone(m.value);
    else if (m.op === 'wrap') parent[key] = { wrapped: parent[key] };
    else if (m.op === 'duplicate' && Array.isArray(parent))
      parent.push(structuredClone(parent[key as number]));
    else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  }
  return root;
}

async function postSigned(text: string) {
  const res = await h.post(text, { raw: true, signature: signWebhookBody(text, APP_SECRET) });
  return res.status;
}

describe('hostile and random webhook bodies', () => {
  it('mutated valid payloads (signed): 200 or 400, always applied or rejected cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (mutations) => {
        const text = JSON.stringify(mutate(validBody(), mutations));
        const status = await postSigned(text);
        expect([200, 400]).toContain(status);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary JSON and arbitrary bytes (signed): never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything().map((v) => JSON.stringify(v) ?? 'undefined'),
          fc.string(),
        ),
        async (text) => {
          expect([200, 400]).toContain(await postSigned(text));
        },
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const res = await h.app.request('/webhooks/whatsapp', {
          method: 'POST',
          body: bytes,
          headers: { 'x-hub-signature-256': signWebhookBody(bytes, APP_SECRET) },
        });
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 100 },
    );
  });

  it('deeply nested JSON (signed): answered, never a 5xx', async () => {
    for (const depth of [1_000, 10_000, 100_000]) {
      const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const inside = `{"object":"whatsapp_business_account","entry":[],"extra":${deep}}`;
      expect([200, 400]).toContain(await postSigned(deep));
      expect([200, 400]).toContain(await postSigned(inside));
    }
  });

  it('forged or missing signatures are always refused with 401', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { maxLength: 3 }),
        fc.oneof(
          fc.constant(null),
          fc.string(),
          fc.stringMatching(/^[0-9a-f]{64}$/).map((x) => `sha256=${x}`),
        ),
        async (mutations, signature) => {
          const text = JSON.stringify(mutate(validBody(), mutations));
          const res = await h.post(text, { raw: true, signature });
          expect(res.status).toBe(401);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('left nothing failed to apply and counters equal to a recount', async () => {
    const { rows } = await db.pool.query(`SELECT error FROM private.webhook_event WHERE outcome = 'failed'`);
    expect(rows.map((r) => r.error)).toEqual([]);
    const { rows: stats } = await db.pool.query(
      'SELECT channel_id, waiting_count, unread_count FROM channel_stats ORDER BY channel_id',
    );
    expect(stats).toEqual(await recountStats(db));
    const { rows: applied } = await db.pool.query(
      `SELECT count(*)::int AS n FROM private.webhook_event WHERE outcome <> 'rejected'`,
    );
    expect(applied[0].n).toBeGreaterThan(50);
  });
});
