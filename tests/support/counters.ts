import type { Pool } from '../../server/db/pool.ts';

export type CounterCheck = { counter: string; key: string; stored: number; recount: number };

/**
 * The counters the product keeps in the same transaction as the rows they count, against a recount from
 * those rows: per channel waiting and unread conversations (the summary panel), and per operator and day
 * handled today and replies (operators whose id starts with `operatorPrefix`). Returns the mismatches
 * (empty = all equal).
 */
export async function counterMismatches(
  pool: Pool,
  options: { operatorPrefix?: string; timeZone?: string } = {},
): Promise<CounterCheck[]> {
  const out: CounterCheck[] = [];
  const { rows: stats } = await pool.query<{ id: string; w: number; u: number; rw: number; ru: number }>(
    `SELECT ch.id,
            coalesce(s.waiting_count, 0) AS w, coalesce(s.unread_count, 0) AS u,
            (SELECT count(*)::int FROM conversation c WHERE c.channel_id = ch.id AND c.awaiting_reply) AS rw,
            (SELECT count(*)::int FROM conversation c WHERE c.channel_id = ch.id AND c.unread_count > 0) AS ru
       FROM channel ch LEFT JOIN channel_stats s ON s.channel_id = ch.id`,
  );
  for (const r of stats) {
    if (r.w !== r.rw) out.push({ counter: 'waiting', key: r.id, stored: r.w, recount: r.rw });
    if (r.u !== r.ru) out.push({ counter: 'unread conversations', key: r.id, stored: r.u, recount: r.ru });
  }
  const prefix = `${options.operatorPrefix ?? ''}%`;
  const { rows: days } = await pool.query<{ key: string; h: number; rh: number; r: number; rr: number }>(
    `SELECT d.operator_id || ' ' || d.day AS key, d.handled_count AS h, d.replies_count AS r,
            (SELECT count(*)::int FROM private.conversation_handled x
              WHERE x.operator_id = d.operator_id AND x.day = d.day) AS rh,
            (SELECT count(*)::int FROM message m
              WHERE m.operator_id = d.operator_id AND m.direction = 'out'
                AND to_char(m.created_at AT TIME ZONE $2, 'YYYY-MM-DD') = d.day) AS rr
       FROM operator_day_stats d WHERE d.operator_id LIKE $1`,
    [prefix, options.timeZone ?? 'UTC'],
  );
  for (const d of days) {
    if (d.h !== d.rh) out.push({ counter: 'handled today', key: d.key, stored: d.h, recount: d.rh });
    if (d.r !== d.rr) out.push({ counter: 'replies today', key: d.key, stored: d.r, recount: d.rr });
  }
  return out;
}
