import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { CreateOperatorInput, UpdateOperatorInput } from '../../schema/operator-admin.ts';
import { fieldErrors, graphUrlProblem, WhatsappLinkInput } from '../../schema/whatsapp-link.ts';
import { createRateLimiter } from '../../server/api-v1/rate-limit.ts';
import { testConnection } from '../../server/settings/test-connection.ts';
import { graphServer } from './graph-server.ts';

const valid = {
  mode: 'meta',
  primary: { displayPhoneNumber: '+420 777 100 200', phoneNumberId: '106540352242922' },
  secondary: null,
  wabaId: '102290129340398',
  graphUrl: 'https://graph.facebook.com/v23.0/',
  accessToken: 'EAAB0123456789abcdefghij',
  appSecret: '0123456789abcdef0123456789abcdef',
  verifyToken: 'my-verify-token',
};

describe('the WhatsApp link form schema (shared by browser and server)', () => {
  it('accepts a complete Meta configuration and normalises it', () => {
    const parsed = WhatsappLinkInput.parse(valid);
    expect(parsed.graphUrl).toBe('https://graph.facebook.com/v23.0');
  });

  it('treats empty secrets as “keep the stored one”', () => {
    const parsed = WhatsappLinkInput.parse({
      ...valid,
      accessToken: '',
      appSecret: '  ',
      verifyToken: undefined,
    });
    expect(parsed.accessToken).toBeUndefined();
    expect(parsed.appSecret).toBeUndefined();
    expect(parsed.verifyToken).toBeUndefined();
  });

  it('names each problem by its field', () => {
    const result = WhatsappLinkInput.safeParse({
      ...valid,
      primary: { displayPhoneNumber: 'x', phoneNumberId: '12' },
      secondary: { displayPhoneNumber: '+1 555 000 1111', phoneNumberId: '106540352242922' },
      wabaId: 'abc',
      accessToken: 'has spaces in it and is long',
      appSecret: 'short',
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(Object.keys(fieldErrors(result.error)).sort()).toEqual([
      'accessToken',
      'appSecret',
      'primary.displayPhoneNumber',
      'primary.phoneNumberId',
      'wabaId',
    ]);
  });

  it('requires WABA and an https Graph URL in Meta mode only', () => {
    const meta = WhatsappLinkInput.safeParse({ ...valid, wabaId: '', graphUrl: 'ftp://x' });
    expect(meta.success ? {} : fieldErrors(meta.error)).toEqual({
      wabaId: 'Enter the WhatsApp Business Account ID.',
      graphUrl: 'Enter an https URL, e.g. https://graph.facebook.com/v27.0.',
    });
    expect(
      WhatsappLinkInput.safeParse({ ...valid, mode: 'simulator', wabaId: '', graphUrl: 'simulator' }).success,
    ).toBe(true);
  });

  it('graphUrlProblem: https with a version, or http on localhost for a stand-in', () => {
    expect(graphUrlProblem('https://graph.facebook.com/v23.0')).toBeNull();
    expect(graphUrlProblem('http://127.0.0.1:4000/v23.0')).toBeNull();
    expect(graphUrlProblem('http://graph.facebook.com/v23.0')).toMatch(/https/);
    expect(graphUrlProblem('https://graph.facebook.com')).toMatch(/version/);
    expect(graphUrlProblem('not a url')).toMatch(/https/);
    expect(graphUrlProblem('')).toMatch(/Enter/);
  });
});

describe('operator administration schemas', () => {
  it('normalises email, defaults role and scope, and rejects an empty scope', () => {
    expect(CreateOperatorInput.parse({ name: ' Eva ', email: ' Eva@Example.COM ' })).toEqual({
      name: 'Eva',
      email: 'eva@example.com',
      role: 'operator',
      canSendTemplates: true,
      channelScope: null,
    });
    expect(CreateOperatorInput.safeParse({ name: 'E', email: 'e@x.io', channelScope: [] }).success).toBe(
      false,
    );
    expect(UpdateOperatorInput.safeParse({}).success).toBe(false);
    expect(UpdateOperatorInput.safeParse({ active: false }).success).toBe(true);
  });
});

describe('the API rate limiter', () => {
  it('allows `limit` requests per window per key, then says when to retry', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter(3, 60_000, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSec: 60 });
    expect(limiter.take('b').ok).toBe(true);
    now += 59_000;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSec: 1 });
    now += 1_000;
    expect(limiter.take('a').ok).toBe(true);
  });
});

describe('Test connection against Meta’s answers', () => {
  const GRAPH = 'https://graph.facebook.com/v23.0';
  const input = { graphUrl: GRAPH, accessToken: 'EAAtoken', phoneNumberId: '106540352242922', wabaId: '1' };

  it('reports the number and flags a display number that does not match', async () => {
    graphServer.use(
      http.get(`${GRAPH}/106540352242922`, () =>
        HttpResponse.json({
          id: '106540352242922',
          display_phone_number: '+1 555-078-3881',
          verified_name: 'ACME',
          platform_type: 'CLOUD_API',
        }),
      ),
    );
    expect(await testConnection({ ...input, displayPhoneNumber: '+1 555 078 3881' })).toMatchObject({
      ok: true,
      health: 'ok',
      message: 'Connected: +1 555-078-3881 (ACME).',
    });
    const mismatch = await testConnection({ ...input, displayPhoneNumber: '+420 777 100 200' });
    expect(mismatch.message).toMatch(/check the business number/);
  });

  it('maps 190 to token_expired, 133010 to not_registered, 100/33 to an unknown id, a network failure to error', async () => {
    const answers: [Record<string, unknown>, number, string][] = [
      [{ error: { code: 190, message: 'expired', type: 'OAuthException' } }, 401, 'token_expired'],
      [{ error: { code: 133010, message: 'Account not registered' } }, 400, 'not_registered'],
      [{ error: { code: 100, error_subcode: 33, message: 'no such object' } }, 400, 'error'],
    ];
    for (const [body, status, health] of answers) {
      graphServer.use(http.get(`${GRAPH}/106540352242922`, () => HttpResponse.json(body, { status })));
      expect(await testConnection(input)).toMatchObject({ ok: false, health });
    }
    graphServer.use(http.get(`${GRAPH}/106540352242922`, () => HttpResponse.error()));
    expect(await testConnection(input)).toMatchObject({
      ok: false,
      health: 'error',
      message: /could not be reached/,
    });
  });
});
