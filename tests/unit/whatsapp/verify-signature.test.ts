import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serializeLikeMeta } from '../../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody, verifyWebhookSignature } from '../../../server/whatsapp/verify-signature.ts';
import { fixtureMessage, messagesWebhook } from '../../support/webhook-fixtures.ts';

const SECRET = 'app-secret-123';
const encode = (s: string) => new TextEncoder().encode(s);

describe('verifyWebhookSignature', () => {
  const raw = encode(serializeLikeMeta(messagesWebhook([fixtureMessage.text('hello')])));

  it('accepts the HMAC-SHA256 of the raw bytes, as Meta computes it', () => {
    const header = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
    expect(signWebhookBody(raw, SECRET)).toBe(header);
    expect(verifyWebhookSignature(raw, header, SECRET)).toBe(true);
  });

  it('accepts upper-case hex and surrounding whitespace', () => {
    const header = signWebhookBody(raw, SECRET);
    expect(verifyWebhookSignature(raw, ` sha256=${header.slice(7).toUpperCase()} `, SECRET)).toBe(true);
  });

  it('rejects a wrong secret, a modified body and a missing header', () => {
    const header = signWebhookBody(raw, SECRET);
    expect(verifyWebhookSignature(raw, header, 'other-secret')).toBe(false);
    const tampered = raw.slice();
    tampered[tampered.length - 3] = (tampered[tampered.length - 3] ?? 0) ^ 1;
    expect(verifyWebhookSignature(tampered, header, SECRET)).toBe(false);
    expect(verifyWebhookSignature(raw, undefined, SECRET)).toBe(false);
    expect(verifyWebhookSignature(raw, '', SECRET)).toBe(false);
  });

  it('rejects malformed headers of any length without throwing', () => {
    const hex = signWebhookBody(raw, SECRET).slice(7);
    for (const header of [
      hex, // no prefix
      `sha1=${hex}`,
      `sha256=${hex.slice(0, 62)}`, // too short
      `sha256=${hex}00`, // too long
      `sha256=${'z'.repeat(64)}`, // not hex
      `sha256=${hex.slice(0, 63)}é`,
      'sha256=',
    ]) {
      expect(verifyWebhookSignature(raw, header, SECRET), header).toBe(false);
    }
  });

  it('verifies non-ASCII bodies over the raw bytes; re-serialised JSON does not verify', () => {
    const payload = messagesWebhook([fixtureMessage.text('Olá, São Paulo 👍 — ¿qué tal?')]);
    const metaBytes = encode(serializeLikeMeta(payload));
    expect(new TextDecoder().decode(metaBytes)).toContain('\\u00e1');
    expect(new TextDecoder().decode(metaBytes)).toContain('\\ud83d\\udc4d');
    const header = signWebhookBody(metaBytes, SECRET);
    expect(verifyWebhookSignature(metaBytes, header, SECRET)).toBe(true);

    // What a handler would get by parsing and stringifying again: same data, different bytes.
    const reserialized = encode(JSON.stringify(JSON.parse(new TextDecoder().decode(metaBytes))));
    expect(JSON.parse(new TextDecoder().decode(reserialized))).toEqual(payload);
    expect(verifyWebhookSignature(reserialized, header, SECRET)).toBe(false);
  });

  it('refuses to work with an empty app secret', () => {
    expect(() => verifyWebhookSignature(raw, 'sha256=00', '')).toThrow(/app secret is empty/);
    expect(() => signWebhookBody(raw, '')).toThrow(/app secret is empty/);
  });
});
