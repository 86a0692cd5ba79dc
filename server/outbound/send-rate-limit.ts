import type { Db } from './send-target.ts';

/**
 * Throughput per business number (channel.rate_limit_per_second, Meta's default 80/s, or
 * WHATSAPP_SEND_RATE), shared by every API process through one row per channel: GCRA (generic cell rate
 * algorithm) on Postgres' clock with no burst tolerance: sends are spaced 1/rate apart, so no 1 s window
 * ever holds more than `perSecond` of them. (A burst of a second's worth followed by spaced sends, as
 * before, put up to 2 × rate − 1 sends into the first second: over Meta's limit.) At 80/s the spacing is
 * 12.5 ms, nothing a single reply notices.
 * Reserves a slot and returns how long to wait before using it (ms). Because each worker holds at most
 * one reservation, waits stay short: outstanding reservations ≤ concurrency × processes.
 * `at` replaces the clock (tests).
 */
export async function reserveSendSlot(
  db: Db,
  channelId: string,
  perSecond: number,
  at?: Date,
): Promise<number> {
  const intervalMs = 1000 / Math.max(1, perSecond);
  const { rows } = await db.query<{ ahead_ms: number }>(
    `WITH now AS (SELECT coalesce($3::timestamptz, clock_timestamp()) AS t)
     INSERT INTO private.channel_send_rate AS r (channel_id, tat)
     SELECT $1, now.t + make_interval(secs => $2::float8 / 1000) FROM now
     ON CONFLICT (channel_id) DO UPDATE
       SET tat = greatest(r.tat, (SELECT t FROM now)) + make_interval(secs => $2::float8 / 1000)
     RETURNING (extract(epoch FROM (tat - (SELECT t FROM now))) * 1000)::float8 AS ahead_ms`,
    [channelId, intervalMs, at ?? null],
  );
  const ahead = rows[0]?.ahead_ms ?? 0;
  // `tat` is now the end of this send's slot; the slot itself starts one interval earlier.
  return Math.max(0, Math.ceil(ahead - intervalMs));
}
