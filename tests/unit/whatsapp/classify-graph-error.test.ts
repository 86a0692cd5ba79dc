import { describe, expect, it } from 'vitest';
import { classifyGraphError, needsAdminAttention } from '../../../server/whatsapp/classify-graph-error.ts';
import { RETRY_CAP_MS, retryDelayMs } from '../../../server/whatsapp/retry-delay.ts';
import { CODE_CLASSIFICATIONS } from './error-code-table.ts';

describe('classifyGraphError', () => {
  it.each(CODE_CLASSIFICATIONS)('code %i on HTTP 400 → %s', (code, expected) => {
    expect(classifyGraphError({ httpStatus: 400, code })).toBe(expected);
  });

  it.each(CODE_CLASSIFICATIONS)('code %i in a failed status webhook (no HTTP) → %s', (code, expected) => {
    expect(classifyGraphError({ code })).toBe(expected);
  });

  it('classifies by HTTP status when the code is unknown or absent', () => {
    expect(classifyGraphError({ httpStatus: 401 })).toBe('channel_broken');
    expect(classifyGraphError({ httpStatus: 401, code: 100 })).toBe('channel_broken');
    expect(classifyGraphError({ httpStatus: 500 })).toBe('transient');
    expect(classifyGraphError({ httpStatus: 503, code: 999 })).toBe('transient');
    expect(classifyGraphError({ httpStatus: 429 })).toBe('transient');
    expect(classifyGraphError({ httpStatus: 400, code: 999999 })).toBe('permanent');
    expect(classifyGraphError({ httpStatus: 404 })).toBe('permanent');
    expect(classifyGraphError({ httpStatus: 403, code: 200 })).toBe('permanent');
  });

  it('treats timeouts and network failures as transient, and trusts is_transient for unknown codes only', () => {
    expect(classifyGraphError({ timedOut: true })).toBe('transient');
    expect(classifyGraphError({ networkError: true })).toBe('transient');
    expect(classifyGraphError({ httpStatus: 400, code: 999999, isTransient: true })).toBe('transient');
    expect(classifyGraphError({ httpStatus: 400, code: 131047, isTransient: true })).toBe('permanent');
  });

  it('asks for an admin on a broken channel and on the spam limit only', () => {
    expect(needsAdminAttention({ code: 131048 })).toBe(true);
    expect(needsAdminAttention({ code: 190 })).toBe(true);
    expect(needsAdminAttention({ httpStatus: 401 })).toBe(true);
    expect(needsAdminAttention({ code: 131047 })).toBe(false);
    expect(needsAdminAttention({ code: 130429 })).toBe(false);
  });
});

describe('retryDelayMs', () => {
  it('never retries permanent errors or broken channels', () => {
    expect(retryDelayMs(1, 'permanent')).toBeNull();
    expect(retryDelayMs(1, 'channel_broken')).toBeNull();
  });

  it('uses exponential backoff with full jitter for transient errors', () => {
    expect(retryDelayMs(1, 'transient', () => 0)).toBe(0);
    expect(retryDelayMs(1, 'transient', () => 0.5)).toBe(1000);
    expect(retryDelayMs(3, 'transient', () => 0.5)).toBe(4000);
    expect(retryDelayMs(3, 'transient', () => 0.999999)).toBe(7999);
    expect(retryDelayMs(5, 'transient', () => 0.25)).toBe(8000);
  });

  it('caps at 10 minutes even after many attempts', () => {
    expect(retryDelayMs(50, 'transient', () => 0.999999)).toBeLessThan(RETRY_CAP_MS);
    expect(retryDelayMs(10_000, 'transient', () => 0.999999)).toBeGreaterThan(RETRY_CAP_MS - 1000);
    expect(retryDelayMs(50, 'recipient_rate_limited', () => 0.999999)).toBeLessThanOrEqual(RETRY_CAP_MS);
  });

  it('waits at least 6 s before writing to a rate-limited recipient again', () => {
    expect(retryDelayMs(1, 'recipient_rate_limited', () => 0)).toBe(6000);
    expect(retryDelayMs(1, 'recipient_rate_limited', () => 0.5)).toBe(9000);
    expect(retryDelayMs(2, 'recipient_rate_limited', () => 0.999999)).toBe(23999);
  });

  it('spreads delays (jitter) with the real random source', () => {
    const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(6, 'transient')));
    expect(delays.size).toBeGreaterThan(10);
  });
});
