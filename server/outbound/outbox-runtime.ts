import type { Pool } from '../db/pool.ts';
import type { AppDeps } from '../http/app-context.ts';

export type OutboxSettings = {
  /** Per Graph call (JSON); media uploads get four times as long. */
  graphTimeoutMs: number;
  /** How long an attempt whose outcome is unknown waits for a status webhook naming it before a resend. */
  uncertainWaitMs: number;
  /** How often such a message looks for that webhook meanwhile. */
  confirmationPollMs: number;
  /** Transient failures (5xx, timeouts, 130429 …) before the message is marked failed. */
  maxAttempts: number;
  /** 131056 (too many messages to this customer) waits before the message is marked failed. */
  maxPairLimitedAttempts: number;
  /** While the channel is broken/paused, how often a waiting message looks again (the sweeper also wakes it). */
  channelRecheckMs: number;
  /** Sends per second per business number, for every channel (WHATSAPP_SEND_RATE); null: the channel's own. */
  sendRatePerSecond: number | null;
  random: () => number;
  fetch?: typeof fetch;
};

export type OutboxRuntime = {
  pool: Pool;
  deps: Pick<AppDeps, 'env' | 'secretBox' | 'log'>;
  settings: OutboxSettings;
};
