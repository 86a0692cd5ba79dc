import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  decideAfterFailure,
  type FailureContext,
  PermanentSendError,
  sendOutcome,
} from '../../server/outbound/failure-decision.ts';
import { GraphClient } from '../../server/whatsapp/graph-client.ts';
import { GraphApiError } from '../../server/whatsapp/graph-error.ts';
import { graphServer } from './graph-server.ts';

// Every Graph API answer the outbox handles, served by msw, through the real Graph client, into the
// outbox's decision: retry (with backoff), wait for this customer, pause the channel, fail with Meta's
// reason, or hold the message until a status webhook says whether Meta has it.

const GRAPH = 'https://graph.facebook.com/v23.0';
const PHONE_ID = '106540352242922';
const MESSAGES_URL = `${GRAPH}/${PHONE_ID}/messages`;
const MEDIA_URL = `${GRAPH}/${PHONE_ID}/media`;

function client(timeoutMs = 2000) {
  return new GraphClient({
    graphUrl: GRAPH,
    accessToken: 'EAAtest',
    phoneNumberId: PHONE_ID,
    wabaId: '1',
    timeoutMs,
  });
}

const ctx = (over: Partial<FailureContext> = {}): FailureContext => ({
  phase: 'send',
  attempts: 1,
  pairLimitedAttempts: 1,
  maxAttempts: 10,
  maxPairLimitedAttempts: 20,
  random: () => 0.5,
  ...over,
});

function metaError(httpStatus: number, code: number, extra: Record<string, unknown> = {}) {
  return HttpResponse.json(
    {
      error: {
        message: `(#${code}) Meta says no`,
        type: 'OAuthException',
        code,
        fbtrace_id: 'AbCdEf',
        ...extra,
      },
    },
    { status: httpStatus },
  );
}

async function sendFailure(
  answer: () => Response | Promise<Response>,
  timeoutMs = 2000,
): Promise<GraphApiError> {
  graphServer.use(http.post(MESSAGES_URL, () => answer()));
  try {
    await client(timeoutMs).sendText('16505551234', 'Hello');
  } catch (err) {
    if (err instanceof GraphApiError) return err;
    throw err;
  }
  throw new Error('expected the send to fail');
}

describe('transient failures are retried with exponential backoff and jitter', () => {
  it.each([
    ['HTTP 500 with an HTML page', () => new HttpResponse('<html>Internal error</html>', { status: 500 })],
    ['HTTP 503 code 2 (service unavailable)', () => metaError(503, 2)],
    ['code 1 (unknown API error)', () => metaError(500, 1)],
    ['code 131000 (something went wrong)', () => metaError(500, 131000)],
    ['code 130429 (throughput limit)', () => metaError(400, 130429)],
    ['code 131057 (account in maintenance)', () => metaError(400, 131057)],
    ['HTTP 429 without a known code', () => new HttpResponse('slow down', { status: 429 })],
  ])('%s', async (_label, answer) => {
    const err = await sendFailure(answer);
    expect(sendOutcome(err)).toBe('rejected');
    const first = decideAfterFailure(err, ctx({ attempts: 1, random: () => 0.5 }));
    const third = decideAfterFailure(err, ctx({ attempts: 3, random: () => 0.5 }));
    expect(first).toEqual({ kind: 'retry', delayMs: 1000 });
    expect(third).toEqual({ kind: 'retry', delayMs: 4000 });
    // Full jitter: spread between 0 and the ceiling.
    expect(decideAfterFailure(err, ctx({ attempts: 3, random: () => 0 }))).toEqual({
      kind: 'retry',
      delayMs: 0,
    });
  });

  it('gives up after the last attempt, keeping Meta reason for the operator', async () => {
    const err = await sendFailure(() => metaError(503, 131000, { error_user_title: 'Something went wrong' }));
    expect(decideAfterFailure(err, ctx({ attempts: 10 }))).toEqual({
      kind: 'fail',
      failure: {
        code: 131000,
        title: 'Something went wrong',
        detail: 'Gave up after 10 attempts. Last error: (#131000) Meta says no',
      },
    });
  });
});

describe('131056: waits for this customer only', () => {
  it('waits at least 6 s (Meta: about one message per 6 s to one user), longer each time', async () => {
    const err = await sendFailure(() => metaError(400, 131056));
    expect(decideAfterFailure(err, ctx({ pairLimitedAttempts: 1, random: () => 0 }))).toEqual({
      kind: 'pair_wait',
      delayMs: 6000,
    });
    const later = decideAfterFailure(err, ctx({ pairLimitedAttempts: 3, random: () => 0.99 }));
    expect(later.kind).toBe('pair_wait');
    expect(later.kind === 'pair_wait' && later.delayMs).toBeGreaterThan(40_000);
  });

  it('fails the message once the customer stays rate limited too long', async () => {
    const err = await sendFailure(() => metaError(400, 131056));
    const decision = decideAfterFailure(err, ctx({ pairLimitedAttempts: 21 }));
    expect(decision).toMatchObject({ kind: 'fail', failure: { code: 131056 } });
  });
});

describe('a broken channel pauses its sends', () => {
  it.each([
    ['190 access token expired', () => metaError(401, 190, { error_subcode: 463 })],
    ['133010 number not registered', () => metaError(400, 133010)],
    ['131031 account locked', () => metaError(400, 131031)],
    ['HTTP 401 without a body', () => new HttpResponse(null, { status: 401 })],
  ])('%s', async (_label, answer) => {
    const err = await sendFailure(answer);
    expect(decideAfterFailure(err, ctx())).toEqual({ kind: 'channel_broken' });
  });
});

describe('permanent errors fail the message with Meta reason, without retry', () => {
  it('131047 (window closed) offers a template instead', async () => {
    const err = await sendFailure(() =>
      metaError(400, 131047, {
        message: '(#131047) Re-engagement message',
        error_data: { details: 'Message failed to send because more than 24 hours have passed.' },
      }),
    );
    expect(decideAfterFailure(err, ctx())).toEqual({
      kind: 'fail',
      failure: {
        code: 131047,
        title: '(#131047) Re-engagement message',
        detail: 'Message failed to send because more than 24 hours have passed.',
        offerTemplate: true,
      },
    });
  });

  it.each([
    [131026, 'Message undeliverable'],
    [132000, 'Number of parameters does not match'],
    [132001, 'Template name does not exist in the translation'],
    [132012, 'Parameter format does not match'],
    [132015, 'Template is paused'],
    [132016, 'Template is disabled'],
    [131051, 'Unsupported message type'],
    [131053, 'Media upload error'],
    [100, 'Invalid parameter'],
    [131048, 'Spam rate limit hit'],
  ])('%i %s', async (code, title) => {
    const err = await sendFailure(() =>
      metaError(400, code, { error_user_title: title, error_data: { details: `details of ${code}` } }),
    );
    expect(decideAfterFailure(err, ctx())).toEqual({
      kind: 'fail',
      failure: { code, title, detail: `details of ${code}`, offerTemplate: false },
    });
  });

  it('a problem of ours (missing file, unsendable type) fails with its own explanation', () => {
    expect(decideAfterFailure(new PermanentSendError('The file is missing.'), ctx())).toEqual({
      kind: 'fail',
      failure: { title: 'The message could not be sent', detail: 'The file is missing.' },
    });
  });
});

describe('when Meta may have accepted the message, nothing is resent blindly', () => {
  it('a timeout: the outcome is unknown', async () => {
    const err = await sendFailure(async () => {
      await delay(500);
      return HttpResponse.json({});
    }, 50);
    expect(err.timedOut).toBe(true);
    expect(decideAfterFailure(err, ctx())).toEqual({ kind: 'uncertain', uncertain: 'no_answer' });
  });

  it('a connection lost mid-request: the outcome is unknown', async () => {
    const err = await sendFailure(() => HttpResponse.error());
    expect(decideAfterFailure(err, ctx())).toEqual({ kind: 'uncertain', uncertain: 'no_answer' });
  });

  it('a 2xx we cannot read: Meta most likely has it', async () => {
    const err = await sendFailure(() => new HttpResponse('<html>ok</html>', { status: 200 }));
    expect(decideAfterFailure(err, ctx())).toEqual({ kind: 'uncertain', uncertain: 'unreadable_answer' });
  });

  it('a refused connection never reached Meta: retried as transient', () => {
    const refused = new GraphApiError({
      httpStatus: null,
      message: 'Graph API unreachable: fetch failed',
      networkError: true,
      cause: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
    });
    expect(sendOutcome(refused)).toBe('rejected');
    expect(decideAfterFailure(refused, ctx({ random: () => 0.5 }))).toEqual({ kind: 'retry', delayMs: 1000 });
  });
});

describe('media uploads', () => {
  it('an upload that timed out is simply redone (nothing reached the customer)', async () => {
    graphServer.use(
      http.post(MEDIA_URL, async () => {
        await delay(500);
        return HttpResponse.json({ id: 'media-1' });
      }),
    );
    let err: unknown;
    try {
      await new GraphClient({
        graphUrl: GRAPH,
        accessToken: 'EAAtest',
        phoneNumberId: PHONE_ID,
        wabaId: '1',
        timeoutMs: 10,
        mediaTimeoutMs: 50,
      }).uploadMedia(new Uint8Array([1, 2, 3]), 'image/png', 'a.png');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GraphApiError);
    expect(decideAfterFailure(err, ctx({ phase: 'upload', random: () => 0.5 }))).toEqual({
      kind: 'retry',
      delayMs: 1000,
    });
  });

  it('131053 (media upload error) fails the message with the reason', async () => {
    graphServer.use(
      http.post(MEDIA_URL, () => metaError(400, 131053, { error_user_title: 'Media upload error' })),
    );
    let err: unknown;
    try {
      await client().uploadMedia(new Uint8Array([1, 2, 3]), 'image/png', 'a.png');
    } catch (e) {
      err = e;
    }
    expect(decideAfterFailure(err, ctx({ phase: 'upload' }))).toMatchObject({
      kind: 'fail',
      failure: { code: 131053, title: 'Media upload error' },
    });
  });
});
