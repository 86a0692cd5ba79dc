import type { Pool } from '../db/pool.ts';

// Failed sign-ins are counted over this window (private.login_attempt).
export const THROTTLE_WINDOW_MINUTES = 15;
/** One address guessing at any accounts is refused for the rest of the window. */
export const MAX_FAILURES_PER_ADDRESS = 30;
/** One address guessing at one account is refused for that account only. */
export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 8;
/** Failures on an account, from all addresses, before each further attempt on it is slowed down. */
export const FREE_FAILURES_PER_ACCOUNT = 5;
const MAX_DELAY_MS = 5_000;

export type ThrottleVerdict =
  | { refused: true; retryAfterSeconds: number }
  | { refused: false; delayMs: number };

/**
 * Whether a sign-in attempt may be checked, and after how long a pause. An account is never locked:
 * an attacker guessing from elsewhere would lock its owner out (the issue 14 finding). Addresses are
 * refused instead (per address, and per account from that address), and the account's own failures only
 * slow every attempt on it down, exponentially up to 5 s, so the owner still gets in from their address
 * while a distributed guesser gets one answer per pause. Refused attempts are logged but not counted,
 * so retrying does not extend a refusal.
 */
export async function loginThrottle(pool: Pool, email: string, address: string): Promise<ThrottleVerdict> {
  const { rows } = await pool.query<{ by_account: string; by_address: string; by_pair: string }>(
    `SELECT
       count(*) FILTER (WHERE lower(email) = lower($1)) AS by_account,
       count(*) FILTER (WHERE ip = $2) AS by_address,
       count(*) FILTER (WHERE lower(email) = lower($1) AND ip = $2) AS by_pair
     FROM private.login_attempt
     WHERE NOT ok AND reason IS DISTINCT FROM 'rate_limited'
       AND at > now() - make_interval(mins => $3) AND (lower(email) = lower($1) OR ip = $2)`,
    [email, address, THROTTLE_WINDOW_MINUTES],
  );
  const counts = rows[0];
  const byAccount = Number(counts?.by_account ?? 0);
  const byAddress = Number(counts?.by_address ?? 0);
  const byPair = Number(counts?.by_pair ?? 0);
  if (byAddress >= MAX_FAILURES_PER_ADDRESS || byPair >= MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS)
    return { refused: true, retryAfterSeconds: THROTTLE_WINDOW_MINUTES * 60 };
  return { refused: false, delayMs: accountDelayMs(byAccount) };
}

/** The pause before answering an attempt on an account with this many recent failures. */
export function accountDelayMs(failures: number): number {
  if (failures < FREE_FAILURES_PER_ACCOUNT) return 0;
  return Math.min(MAX_DELAY_MS, 250 * 2 ** (failures - FREE_FAILURES_PER_ACCOUNT));
}
