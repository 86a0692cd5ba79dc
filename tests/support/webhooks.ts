// Meta-shaped webhook bodies for load: one or many text messages per POST, every wamid unique, signed
// with the channel's app secret over the exact bytes sent (as Meta does).

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

export const envelopeOptions = {
  wabaId: BENCH_CHANNEL.wabaId,
  phoneNumberId: BENCH_CHANNEL.phoneNumberId,
  displayPhoneNumber: BENCH_CHANNEL.display,
};

export type SignedBody = { body: string; headers: Record<string, string> };

export function sign(body: string, appSecret = BENCH_CHANNEL.appSecret): SignedBody {
  return {
    body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, appSecret) },
  };
}

/** Customer phone number `i` of a pool of `customers` (wa_id digits). */
export const customerWaId = (i: number) => String(4915100000000 + i);

/**
 * `perPost` inbound texts for the POST numbered `seq` (unique wamids `wamid.<run>.<seq>.<k>`), from
 * customers spread over `customers` so conversations are both created and updated.
 */
export function inboundBatch(
  run: string,
  seq: number,
  perPost: number,
  customers: number,
  text = 'Hello',
): string {
  const now = Math.floor(Date.now() / 1000);
  const messages = Array.from({ length: perPost }, (_, k) =>
    fixtureMessage.text(`${text} ${seq}.${k}`, {
      wamid: `wamid.${run}.${seq}.${k}`,
      from: customerWaId((seq * perPost + k) % customers),
      timestamp: now,
    }),
  );
  return serializeLikeMeta(webhookEnvelope([messagesChange(messages, envelopeOptions)], envelopeOptions));
}

export function inboundText(wamid: string, from: string, text: string, timestampSeconds: number): unknown {
  return fixtureMessage.text(text, { wamid, from, timestamp: timestampSeconds });
}

export function messagesBody(messages: unknown[]): string {
  return serializeLikeMeta(
    webhookEnvelope(
      [messagesChange(messages as Record<string, unknown>[], envelopeOptions)],
      envelopeOptions,
    ),
  );
}

export function statusesBody(
  statuses: { wamid: string; status: 'sent' | 'delivered' | 'read'; recipient: string; at: number }[],
): string {
  const items = statuses.map((s) =>
    fixtureStatus[s.status](s.wamid, { recipient: s.recipient, timestamp: s.at }),
  );
  return serializeLikeMeta(webhookEnvelope([statusesChange(items, envelopeOptions)], envelopeOptions));
}

/** POSTs a signed body; resolves to the HTTP status, or 0 when the connection failed. */
export async function postWebhook(baseUrl: string, body: string, timeoutMs = 30_000): Promise<number> {
  const signed = sign(body);
  try {
    const res = await fetch(`${baseUrl}/webhooks/whatsapp`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/**
 * Delivers like Meta: retries until a 200 (Meta retries for up to 7 days with backoff; here the backoff
 * is capped at `maxDelayMs` so a run stays short). Returns how many attempts it took.
 */
export async function deliverLikeMeta(
  baseUrl: string,
  body: string,
  opts: { maxDelayMs?: number; deadlineMs?: number } = {},
): Promise<number> {
  const deadline = Date.now() + (opts.deadlineMs ?? 300_000);
  for (let attempt = 1; ; attempt++) {
    const status = await postWebhook(baseUrl, body);
    if (status === 200) return attempt;
    if (status >= 400 && status < 500) throw new Error(`webhook refused with ${status}: not retryable`);
    if (Date.now() > deadline) throw new Error(`webhook not accepted after ${attempt} attempts`);
    const delay = Math.min(opts.maxDelayMs ?? 2_000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2);
    await new Promise((r) => setTimeout(r, delay));
  }
}
