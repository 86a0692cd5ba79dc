import type { Db } from './outbound-target.ts';

/**
 * Throughput per business number (channel.rate_limit_per_second, Meta's default 80/s), shared by every
 * API process through one row per channel: GCRA (generic cell rate algorithm) on Postgres' clock.
 * A burst of up to one second's worth goes out at once; beyond that, sends are spaced 1/rate apart.
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
  return Math.max(0, Math.round(ahead - 1000));
}
