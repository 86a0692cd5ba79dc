import { GraphApiError } from '../whatsapp/graph-error.ts';
import { retryDelayMs } from '../whatsapp/retry-delay.ts';

/** A failure that retrying cannot fix and that is not Meta's (missing file, unknown message type…). */
export class PermanentSendError extends Error {
  override readonly name = 'PermanentSendError';
}

/** What the operator sees on a failed message (Meta's code, title and details when Meta said no). */
export type Failure = {
  code?: number | null;
  title: string;
  detail?: string | null;
  /** 131047: the 24-hour window closed; the conversation offers a template instead. */
  offerTemplate?: boolean;
};

export type FailureDecision =
  /** Meta may have accepted it: keep the attempt in flight and look for a status webhook before resending. */
  | { kind: 'uncertain'; uncertain: 'no_answer' | 'unreadable_answer' }
  | { kind: 'retry'; delayMs: number }
  /** 131056: this customer only waits; not counted as a failed attempt. */
  | { kind: 'pair_wait'; delayMs: number }
  /** Token, registration or account: the channel pauses; this message waits for it, uncounted. */
  | { kind: 'channel_broken' }
  | { kind: 'fail'; failure: Failure };

export type FailureContext = {
  /** 'upload': before the message was posted (nothing can have reached the customer). */
  phase: 'upload' | 'send';
  /** Attempts so far, this one included. */
  attempts: number;
  /** 131056 waits so far, this one included. */
  pairLimitedAttempts: number;
  maxAttempts: number;
  maxPairLimitedAttempts: number;
  random: () => number;
};

// Failures that prove the request never reached Meta.
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function causeCode(err: unknown, depth = 0): string | null {
  if (!err || typeof err !== 'object' || depth > 4) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return causeCode((err as { cause?: unknown }).cause, depth + 1);
}

/**
 * Whether Meta may have accepted a send that ended in this error: an HTTP error status means it did
 * not; no answer at all (timeout, connection lost mid-request) or a 2xx we could not read means it may.
 */
export function sendOutcome(err: GraphApiError): 'rejected' | 'no_answer' | 'unreadable_answer' {
  if (err.httpStatus !== null) return err.httpStatus < 300 ? 'unreadable_answer' : 'rejected';
  const code = causeCode(err.cause);
  return code && NEVER_SENT_CODES.has(code) ? 'rejected' : 'no_answer';
}

/** What the outbox does after a failed upload or send. Pure: the job applies it in one transaction. */
export function decideAfterFailure(err: unknown, ctx: FailureContext): FailureDecision {
  if (!(err instanceof GraphApiError)) {
    const detail = err instanceof Error ? err.message : String(err);
    return { kind: 'fail', failure: { title: 'The message could not be sent', detail } };
  }
  const outcome = ctx.phase === 'upload' ? 'rejected' : sendOutcome(err);
  if (outcome !== 'rejected') return { kind: 'uncertain', uncertain: outcome };
  switch (err.classification) {
    case 'transient': {
      if (ctx.attempts >= ctx.maxAttempts) {
        return {
          kind: 'fail',
          failure: {
            code: err.code,
            title: err.title ?? 'WhatsApp did not accept the message',
            detail: `Gave up after ${ctx.attempts} attempts. Last error: ${err.details ?? err.message}`,
          },
        };
      }
      return { kind: 'retry', delayMs: retryDelayMs(ctx.attempts, 'transient', ctx.random) ?? 0 };
    }
    case 'recipient_rate_limited': {
      if (ctx.pairLimitedAttempts > ctx.maxPairLimitedAttempts) {
        return {
          kind: 'fail',
          failure: {
            code: err.code,
            title: err.title ?? 'Too many messages to this customer',
            detail: err.details ?? err.message,
          },
        };
      }
      return {
        kind: 'pair_wait',
        delayMs: retryDelayMs(ctx.pairLimitedAttempts, 'recipient_rate_limited', ctx.random) ?? 6000,
      };
    }
    case 'channel_broken':
      return { kind: 'channel_broken' };
    default:
      return {
        kind: 'fail',
        failure: {
          code: err.code,
          title: err.title ?? err.message,
          detail: err.details ?? err.userMessage ?? null,
          offerTemplate: err.code === 131047,
        },
      };
  }
}
