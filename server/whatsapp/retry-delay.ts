// Backoff for the outbox: exponential with full jitter (spreads retries of many messages that failed
// together), capped at 10 minutes.
import type { GraphErrorClassification } from './classify-graph-error.ts';

export const RETRY_CAP_MS = 10 * 60 * 1000;
const TRANSIENT_BASE_MS = 1000;
// Meta allows about one message per 6 s to the same user: never come back sooner than that.
const PAIR_RATE_FLOOR_MS = 6000;

/**
 * Delay before retry number `attempt` (1 = first retry), or null when the classification must not be
 * retried (permanent, channel_broken). `random` returns [0, 1) and is injectable for tests.
 */
export function retryDelayMs(
  attempt: number,
  classification: GraphErrorClassification,
  random: () => number = Math.random,
): number | null {
  if (classification === 'permanent' || classification === 'channel_broken') return null;
  const n = Math.max(1, Math.floor(attempt));
  // 2 ** n overflows nothing before the cap for any sane attempt; min() keeps it bounded anyway.
  const ceiling = Math.min(RETRY_CAP_MS, TRANSIENT_BASE_MS * 2 ** Math.min(n, 30));
  if (classification === 'transient') return Math.floor(random() * ceiling);
  // recipient_rate_limited: full jitter above the per-pair floor.
  const pairCeiling = Math.min(RETRY_CAP_MS, PAIR_RATE_FLOOR_MS * 2 ** Math.min(n, 30));
  return Math.floor(PAIR_RATE_FLOOR_MS + random() * (pairCeiling - PAIR_RATE_FLOOR_MS));
}
