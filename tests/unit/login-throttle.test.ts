import { describe, expect, it } from 'vitest';
import { accountDelayMs, FREE_FAILURES_PER_ACCOUNT } from '../../server/auth/login-throttle.ts';

describe('the pause on an account with recent failures', () => {
  it('is none for the first few, then doubles with each failure up to 5 s, and never refuses', () => {
    expect(accountDelayMs(0)).toBe(0);
    expect(accountDelayMs(FREE_FAILURES_PER_ACCOUNT - 1)).toBe(0);
    const pauses = Array.from({ length: 10 }, (_, i) => accountDelayMs(FREE_FAILURES_PER_ACCOUNT + i));
    expect(pauses.slice(0, 3)).toEqual([250, 500, 1000]);
    expect(pauses.every((p, i) => i === 0 || p >= (pauses[i - 1] ?? 0))).toBe(true);
    expect(accountDelayMs(10_000)).toBe(5_000);
  });
});
