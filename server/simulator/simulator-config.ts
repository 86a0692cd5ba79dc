// How the simulated Meta behaves: delays, chaos (duplicates, out-of-order statuses), slow answers.
// Per process, changeable at run time through the simulator API (tests make it deterministic).

export type DelayRange = readonly [min: number, max: number];

export type SimulatorConfig = {
  /** From a customer's send to the webhook. */
  inboundDelayMs: DelayRange;
  /** From the Graph API's acceptance to each status webhook. */
  sentDelayMs: DelayRange;
  deliveredDelayMs: DelayRange;
  /** Customers read business messages by themselves after this delay (null: only when they open the chat). */
  autoReadDelayMs: DelayRange | null;
  /** Probability that a webhook POST is delivered a second time (Meta delivers at least once). */
  duplicateRate: number;
  /** Probability that a message's statuses are sent out of order. */
  reorderRate: number;
  /** How many events the simulator gathers into one POST when they are due together. */
  batchWindowMs: number;
  /** How late a `timeout` failure answers (longer than the product's Graph timeout). */
  slowResponseMs: number;
  /** Webhook redelivery after a non-200: Meta retries for days; the simulator a few times. */
  webhookRetryDelaysMs: readonly number[];
};

export const REALISTIC_CONFIG: SimulatorConfig = {
  inboundDelayMs: [150, 400],
  sentDelayMs: [300, 800],
  deliveredDelayMs: [900, 2200],
  autoReadDelayMs: null,
  duplicateRate: 0.03,
  reorderRate: 0.05,
  batchWindowMs: 40,
  slowResponseMs: 30_000,
  webhookRetryDelaysMs: [1_000, 2_000, 5_000, 15_000, 60_000, 300_000],
};

/** For tests: immediate, in order, no duplicates. */
export const INSTANT_CONFIG: SimulatorConfig = {
  inboundDelayMs: [0, 0],
  sentDelayMs: [0, 0],
  deliveredDelayMs: [1, 1],
  autoReadDelayMs: null,
  duplicateRate: 0,
  reorderRate: 0,
  batchWindowMs: 0,
  slowResponseMs: 2_000,
  webhookRetryDelaysMs: [10, 20, 50, 100],
};

export function pickDelay(range: DelayRange, random: () => number): number {
  const [min, max] = range;
  return Math.round(min + (max - min) * random());
}
