// Webhook authenticity: Meta signs every POST with HMAC-SHA256 over the raw request bytes, keyed with
// the app secret. The raw bytes matter: Meta escapes non-ASCII as \uXXXX, so re-serialised JSON differs.
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

function hmac(rawBody: Uint8Array | string, appSecret: string): Buffer {
  if (appSecret.length === 0)
    throw new TypeError('The Meta app secret is empty: webhook signatures cannot be checked.');
  return createHmac('sha256', appSecret).update(rawBody).digest();
}

/** The `X-Hub-Signature-256` header value for a body (used by the simulator and tests). */
export function signWebhookBody(rawBody: Uint8Array | string, appSecret: string): string {
  return `sha256=${hmac(rawBody, appSecret).toString('hex')}`;
}

/**
 * True only when `header` is `sha256=<64 hex>` and matches the HMAC of `rawBody`.
 * The comparison is constant-time and a malformed header of any length is simply false.
 * Throws on an empty app secret: a misconfiguration should be loud, not a silent 401 forever.
 */
export function verifyWebhookSignature(
  rawBody: Uint8Array,
  header: string | undefined,
  appSecret: string,
): boolean {
  const expected = hmac(rawBody, appSecret);
  const match = header === undefined ? null : HEADER_PATTERN.exec(header.trim());
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
