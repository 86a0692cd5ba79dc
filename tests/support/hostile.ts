// Generated hostile webhook requests (fast-check): signed arbitrary JSON and bytes, mutated Meta payloads,
// hostile customer text, deep nesting, invalid UTF-8, oversized bodies, forged and missing signatures.
// Each case says what the endpoint may answer; a 5xx is never acceptable.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import { BENCH_CHANNEL } from './stack.ts';
import {
  fixtureMessage,
  fixtureStatus,
  messagesChange,
  statusesChange,
  webhookEnvelope,
} from './webhook-fixtures.ts';
import { envelopeOptions, messagesBody } from './webhooks.ts';

export type HostileCase = {
  kind: string;
  body: Buffer;
  /** The X-Hub-Signature-256 header, or null for none. */
  signature: string | null;
  /** Acceptable answers. */
  expect: number[];
};

/** Text a customer could send that must stay text: markup, script, SQL, control and bidi characters. */
export const HOSTILE_TEXTS = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg/onload=window.__pwned=1>',
  'javascript:window.__pwned=1',
  "'; DROP TABLE message; --",
  "' OR '1'='1",
  'Robert\u0000Tables',
  '\u202Eevil\u202C text',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '$' + '{7*7}', // a template-injection probe, kept literal
  '\uD800 lone surrogate',
  '🧨'.repeat(500),
];

const signed = (body: Buffer) => signWebhookBody(body, BENCH_CHANNEL.appSecret);
const ok = [200, 400];

function validBody(text: string): string {
  return serializeLikeMeta(
    webhookEnvelope(
      [
        messagesChange(
          [
            fixtureMessage.text(text, { from: '4915199990001' }),
            fixtureMessage.image({ caption: text, from: '4915199990001' }),
            fixtureMessage.reaction('wamid.HOSTILE.TARGET', '👍', { from: '4915199990001' }),
            fixtureMessage.location({ name: text, address: text, from: '4915199990001' }),
          ],
          { ...envelopeOptions, names: { '4915199990001': text } },
        ),
        statusesChange([fixtureStatus.read('wamid.HOSTILE.OUT')], envelopeOptions),
      ],
      envelopeOptions,
    ),
  );
}

/** Replaces the value at a random path of a JSON value. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  if (entries.length === 0) return replacement;
  const [head, ...rest] = path;
  const [key, child] = entries[(head as number) % entries.length] as readonly [string | number, unknown];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[key as number] = mutate(child, rest, replacement);
    return copy;
  }
  return { ...(value as Record<string, unknown>), [key]: mutate(child, rest, replacement) };
}

const hostileValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, '', 0, -1, 1e308, 'NaN', [], {}, '9'.repeat(400), true),
  fc.constantFrom(...HOSTILE_TEXTS),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

export const hostileCase: fc.Arbitrary<HostileCase> = fc.oneof(
  // Arbitrary JSON, correctly signed.
  fc.jsonValue().map((v) => {
    const body = Buffer.from(JSON.stringify(v) ?? 'null');
    return { kind: 'signed-json', body, signature: signed(body), expect: ok };
  }),
  // A real payload with one value anywhere replaced by something hostile, correctly signed.
  fc
    .tuple(
      fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
      hostileValue,
      fc.constantFrom(...HOSTILE_TEXTS),
    )
    .map(([path, value, text]) => {
      const body = Buffer.from(serializeLikeMeta(mutate(JSON.parse(validBody(text)), path, value)));
      return { kind: 'signed-mutated', body, signature: signed(body), expect: ok };
    }),
  // Valid shape, hostile customer text: stored as text, answered 200.
  fc.constantFrom(...HOSTILE_TEXTS).map((text) => {
    const body = Buffer.from(validBody(text));
    return { kind: 'signed-hostile-text', body, signature: signed(body), expect: [200] };
  }),
  // Arbitrary bytes (invalid UTF-8 included), signed.
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => {
    const body = Buffer.from(bytes);
    return { kind: 'signed-bytes', body, signature: signed(body), expect: ok };
  }),
  // Valid JSON around invalid UTF-8 inside a string, signed.
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => {
    const body = Buffer.concat([
      Buffer.from(messagesBody([fixtureMessage.text('X', { from: '4915199990002' })]).replace('"X"', '"')),
      Buffer.from([0xff, 0xfe, ...bytes]),
      Buffer.from('"'),
    ]);
    return { kind: 'signed-invalid-utf8', body, signature: signed(body), expect: ok };
  }),
  // Deeply nested JSON (a parser's stack), signed.
  fc.integer({ min: 1_000, max: 200_000 }).map((depth) => {
    const body = Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    return { kind: 'signed-deep', body, signature: signed(body), expect: ok };
  }),
  // Forged: another secret, random hex, wrong algorithm prefix, a valid signature of other bytes.
  fc.tuple(fc.constantFrom(...HOSTILE_TEXTS), fc.nat(3)).map(([text, how]) => {
    const body = Buffer.from(validBody(text));
    const signature = [
      `sha256=${createHmac('sha256', 'not-the-app-secret').update(body).digest('hex')}`,
      `sha256=${'0'.repeat(64)}`,
      `sha1=${createHmac('sha1', BENCH_CHANNEL.appSecret).update(body).digest('hex')}`,
      signed(Buffer.concat([body, Buffer.from(' ')])),
    ][how] as string;
    return { kind: 'forged', body, signature, expect: [401] };
  }),
  fc.constantFrom(...HOSTILE_TEXTS).map((text) => ({
    kind: 'unsigned',
    body: Buffer.from(validBody(text)),
    signature: null,
    expect: [401],
  })),
  // Any printable header value (what an HTTP client can send) that is not the right signature.
  fc.string({ unit: 'binary-ascii', maxLength: 300 }).map((junk) => ({
    kind: 'junk-signature-header',
    body: Buffer.from(validBody('hello')),
    signature: junk.replace(/[^\x21-\x7e]/g, '') || 'x',
    expect: [401],
  })),
);

/** Oversized (Meta sends at most 3 MB): refused with 413 whether signed or not. */
export function oversizedCase(megabytes = 5): HostileCase {
  const body = Buffer.alloc(megabytes * 1024 * 1024, 0x61);
  return { kind: 'oversized', body, signature: signed(body), expect: [413] };
}

/** POSTs a case; the answer's status, or 0 if the connection failed. */
export async function postCase(baseUrl: string, c: HostileCase): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (c.signature !== null) headers['x-hub-signature-256'] = c.signature;
  try {
    const res = await fetch(`${baseUrl}/webhooks/whatsapp`, {
      method: 'POST',
      headers,
      body: new Uint8Array(c.body),
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
