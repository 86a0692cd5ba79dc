import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWebhookSecrets } from '../../server/channels/webhook-secrets.ts';
import { createSecretBox } from '../../server/crypto/secret-box.ts';
import { isRetryableTransactionError, isTransientDatabaseError } from '../../server/db/db-errors.ts';
import type { Pool } from '../../server/db/pool.ts';
import { decodeJsonBody, nestsDeeperThan } from '../../server/http/decode-json-body.ts';
import { mediaFilename } from '../../server/inbound/apply-inbound-message.ts';
import { planWebhookBatch } from '../../server/inbound/plan-webhook-batch.ts';
import { sameSha256 } from '../../server/media/download-inbound-media.ts';
import { contentDisposition } from '../../server/media/file-route.ts';
import {
  fixtureMessage,
  fixtureStatus,
  messagesChange,
  statusesChange,
  templateStatusUpdateWebhook,
  webhookEnvelope,
} from '../support/webhook-fixtures.ts';

const RECEIVED = Date.UTC(2026, 0, 1);
const bytes = (s: string) => new TextEncoder().encode(s);

describe('planWebhookBatch', () => {
  it("keeps signed but oversized or spoofing input within Meta's limits", () => {
    const huge = fixtureMessage.text('a'.repeat(1_000_000), {
      wamid: 'wamid.HUGE',
      timestamp: 1_760_000_000,
    });
    const captioned = fixtureMessage.image({ wamid: 'wamid.CAP', caption: 'c'.repeat(100_000) });
    const future = fixtureMessage.text('from the future', { wamid: 'wamid.FUT', timestamp: 4_000_000_000 });
    const body = webhookEnvelope([
      messagesChange([huge, captioned, future], {
        names: { '16505551234': 'Ann\u202Egro\u200bup\u2066' },
      }),
      statusesChange([fixtureStatus.read('wamid.OUT', { timestamp: 4_000_000_000 })]),
    ]);
    const result = planWebhookBatch(body, RECEIVED);
    if (!result.ok) throw new Error(result.error);
    const byWamid = new Map(result.plan.messages.map((m) => [m.message.wamid, m.message]));
    expect(byWamid.get('wamid.HUGE')?.body).toHaveLength(4096);
    expect(JSON.stringify(byWamid.get('wamid.HUGE')?.payload).length).toBeLessThan(5000);
    expect(byWamid.get('wamid.CAP')?.body).toHaveLength(1024);
    expect(byWamid.get('wamid.CAP')?.media?.caption).toHaveLength(1024);
    // A time ahead of our clock (beyond a few minutes of skew) is when we received it.
    expect(byWamid.get('wamid.FUT')?.timestamp).toBe(RECEIVED);
    expect(result.plan.statuses[0]?.at).toBe(RECEIVED);
    expect(result.plan.profileNames.get('16505551234')).toBe('Anngroup');
  });

  it('walks every entry and change, splits messages, reactions and statuses, and de-duplicates wamids', () => {
    const dup = fixtureMessage.text('twice', { wamid: 'wamid.DUP', timestamp: 1_760_000_000 });
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            messagesChange([dup, fixtureMessage.reaction('wamid.DUP', '👍')], {
              names: { '16505551234': 'Sheena' },
            }),
          ],
        },
        { id: '1', changes: [messagesChange([dup]), statusesChange([fixtureStatus.read('wamid.OUT')])] },
        ...(templateStatusUpdateWebhook({ event: 'PAUSED', name: 'order_update', reason: 'NONE' })
          .entry as object[]),
      ],
    };
    const result = planWebhookBatch(body, RECEIVED);
    if (!result.ok) throw new Error(result.error);
    const { plan } = result;
    expect(plan.messages.map((m) => m.message.wamid)).toEqual(['wamid.DUP']);
    expect(plan.messages[0]?.message.timestamp).toBe(1_760_000_000_000);
    expect(plan.reactions.map((r) => r.message.reaction)).toEqual([
      { targetWamid: 'wamid.DUP', emoji: '👍' },
    ]);
    expect(plan.statuses).toMatchObject([{ wamid: 'wamid.OUT', status: 'read' }]);
    expect(plan.templateUpdates).toEqual([
      {
        wabaId: '419561257915477',
        metaId: '806312974732579',
        name: 'order_update',
        language: 'en_US',
        event: 'PAUSED',
        reason: null,
      },
    ]);
    expect(plan.profileNames.get('16505551234')).toBe('Sheena Nelson');
    expect(plan.notes).toEqual([]);
  });

  it('replaces implausible timestamps with the receipt time and notes what it could not read', () => {
    const body = webhookEnvelope([
      messagesChange([
        fixtureMessage.text('from the far future', { timestamp: 99_999_999_999 }),
        { from: '1', id: 'wamid.BAD', timestamp: '1', type: 'image', image: {} },
        { id: 'wamid.NOFROM', timestamp: '1', type: 'text', text: { body: 'x' } },
      ]),
      { field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } },
    ]);
    const result = planWebhookBatch(body, RECEIVED);
    if (!result.ok) throw new Error(result.error);
    expect(result.plan.messages.map((m) => [m.message.type, m.message.timestamp])).toEqual([
      ['text', RECEIVED],
      ['unreadable', RECEIVED],
    ]);
    expect(result.plan.notes.join('\n')).toMatch(/messages\[1\].*kept as unreadable/);
    expect(result.plan.notes.join('\n')).toMatch(/messages\[2\]/);
    // VERIFIED_ACCOUNT needs nobody: read and deliberately not acted on (not a problem with the body).
    expect(result.plan.notes.join('\n')).not.toMatch(/account_update/);
    expect(result.plan.notActionable.join('\n')).toMatch(/account_update VERIFIED_ACCOUNT/);
  });

  it('refuses what is not a WhatsApp Business Account payload', () => {
    expect(planWebhookBatch(null, RECEIVED)).toMatchObject({ ok: false });
    expect(planWebhookBatch({ object: 'instagram', entry: [] }, RECEIVED)).toMatchObject({ ok: false });
    expect(planWebhookBatch({ object: 'whatsapp_business_account' }, RECEIVED)).toMatchObject({ ok: false });
    expect(
      planWebhookBatch(
        { object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: 3 }] }] },
        RECEIVED,
      ),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/value: not an object/) });
  });
});

describe('decodeJsonBody', () => {
  it('keeps the raw text when Postgres can store it, cleans NUL and lone surrogates otherwise', () => {
    const plain = decodeJsonBody(bytes('{"a":"\\u00e9"}'));
    expect(plain).toEqual({ ok: true, json: { a: 'é' }, storable: '{"a":"\\u00e9"}' });
    const nasty = decodeJsonBody(bytes('{"a\\u0000":"x\\u0000y\\ud800","__proto__":{"z":1}}'));
    if (!nasty.ok) throw new Error('expected ok');
    expect(nasty.json).toEqual(JSON.parse('{"a\\ufffd":"x\\ufffdy\\ufffd","__proto__":{"z":1}}'));
    expect(Object.getPrototypeOf(nasty.json)).toBe(Object.prototype);
    expect(nasty.storable).not.toMatch(/\\u0000|\\ud800/);
    expect(decodeJsonBody(bytes(''))).toMatchObject({ ok: false, error: 'empty body' });
    expect(decodeJsonBody(bytes('{'))).toMatchObject({ ok: false });
    expect(decodeJsonBody(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toEqual({
      ok: true,
      json: { a: '\ufffd' },
      storable: '{"a":"\ufffd"}',
    });
  });

  it('stores too deeply nested bodies as text (jsonb would refuse them) and still parses them', () => {
    const deep = `{"object":"whatsapp_business_account","entry":[],"x":${'['.repeat(500)}${']'.repeat(500)}}`;
    const decoded = decodeJsonBody(bytes(deep));
    if (!decoded.ok) throw new Error('expected ok');
    expect(typeof JSON.parse(decoded.storable)).toBe('string');
    expect(nestsDeeperThan('{"a":"[[[[[[[[[["}', 5)).toBe(false);
    expect(nestsDeeperThan('[[[[[[]]]]]]', 5)).toBe(true);
  });
});

describe('database error classification', () => {
  it('retries conflicts, answers 503 for an unavailable database, and blames nothing else on it', () => {
    expect(isRetryableTransactionError({ code: '40P01' })).toBe(true);
    expect(isRetryableTransactionError({ code: '23505' })).toBe(false);
    for (const err of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
      Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      expect(isTransientDatabaseError(err), String(err)).toBe(true);
    }
    for (const err of [
      Object.assign(new Error('value too long'), { code: '22001' }),
      Object.assign(new Error('duplicate key'), { code: '23505' }),
      new TypeError('Cannot read properties of undefined'),
      new Error('something else'),
    ]) {
      expect(isTransientDatabaseError(err), String(err)).toBe(false);
    }
  });
});

describe('small helpers', () => {
  it('names media files safely', () => {
    expect(mediaFilename('image', 'image/jpeg', null)).toBe('image.jpg');
    expect(mediaFilename('audio', 'audio/ogg; codecs=opus', null)).toBe('voice.ogg');
    expect(mediaFilename('document', 'application/pdf', '../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(mediaFilename('document', null, 'a\u0000b.pdf')).toBe('ab.pdf');
    // A right-to-left override would show "invoice\u202Efdp.exe" as "invoiceexe.pdf".
    expect(mediaFilename('document', null, 'invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(mediaFilename('document', null, `${'x'.repeat(5000)}.pdf`)).toHaveLength(240);
  });

  it('writes Content-Disposition with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('inline', 'faktura "č. 1".pdf')).toBe(
      `inline; filename="faktura __. 1_.pdf"; filename*=UTF-8''faktura%20%22%C4%8D.%201%22.pdf`,
    );
  });

  it('compares sha256 in hex or base64, as Meta writes it in either', () => {
    const digest = createHash('sha256').update('photo bytes').digest();
    expect(sameSha256(digest, digest.toString('hex'))).toBe(true);
    expect(sameSha256(digest, digest.toString('hex').toUpperCase())).toBe(true);
    expect(sameSha256(digest, digest.toString('base64'))).toBe(true);
    expect(sameSha256(digest, createHash('sha256').update('other').digest('base64'))).toBe(false);
    expect(sameSha256(digest, null)).toBe(true);
  });
});

describe('webhook secrets cache', () => {
  it('decrypts once per TTL, reloads on demand at most once a second, and skips unreadable secrets', async () => {
    const box = createSecretBox('k');
    const other = createSecretBox('another key');
    let queries = 0;
    let rows = [{ app_secret_enc: box.seal('s1'), verify_token_enc: box.seal('v1') }];
    const pool = {
      query: async () => {
        queries += 1;
        return { rows };
      },
    } as unknown as Pool;
    let now = 0;
    const secrets = createWebhookSecrets(pool, box, { ttlMs: 5_000, now: () => now });
    expect(await secrets.appSecrets()).toEqual(['s1']);
    expect(await secrets.verifyTokens()).toEqual(['v1']);
    expect(queries).toBe(1);
    rows = [...rows, { app_secret_enc: box.seal('s2'), verify_token_enc: other.seal('unreadable') }];
    expect(await secrets.refresh()).toBe(false); // within a second of the last load
    now = 1_500;
    expect(await secrets.refresh()).toBe(true);
    expect(await secrets.appSecrets()).toEqual(['s1', 's2']);
    expect(await secrets.verifyTokens()).toEqual(['v1']);
    now = 10_000;
    await secrets.appSecrets();
    expect(queries).toBe(3);
  });
});
