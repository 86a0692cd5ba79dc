import { dayKey } from '../../schema/day-key.ts';
import type { PoolClient } from '../db/pool.ts';
import type { StatusItem } from '../inbound/plan-webhook-batch.ts';

/**
 * Keeps what Meta bills for each of our messages (`statuses[].pricing`: category such as service,
 * utility, marketing, authentication; type regular / free_customer_service / free_entry_point). Every
 * status of a message carries the same pricing, so any one of them will do. A status for a message
 * not stored yet leaves it unpriced (its later statuses price it). In the same statement's transaction
 * the counters follow each message whose billable flag changes, exactly once (a redelivered status
 * changes no pricing, so no count): the conversation's billable_count and its business number's count
 * for the day the message was sent, in `timeZone` (the workspace's day, as the summary panel reads it).
 */
export async function applyStatusPricing(
  client: PoolClient,
  statuses: readonly StatusItem[],
  timeZone = 'UTC',
): Promise<void> {
  const byWamid = new Map<string, NonNullable<StatusItem['pricing']>>();
  for (const s of statuses) if (s.pricing) byWamid.set(s.wamid, s.pricing);
  if (byWamid.size === 0) return;
  const list = [...byWamid].sort(([a], [b]) => (a < b ? -1 : 1));
  // Data-modifying CTEs share one snapshot: `before` is each message's flag before this update.
  const { rows } = await client.query<{
    conversation_id: string;
    channel_id: string;
    sent_at: Date;
    delta: number;
  }>(
    `WITH u AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[]) AS u(wamid, category, type, billable)
     ), before AS (
       SELECT m.id, m.billable FROM message m JOIN u ON u.wamid = m.wamid
     ), changed AS (
       UPDATE message m SET pricing_category = u.category, pricing_type = u.type,
              billable = coalesce(u.billable, CASE WHEN u.type IS NULL THEN NULL ELSE u.type NOT LIKE 'free%' END)
         FROM u
        WHERE m.wamid = u.wamid
          AND (m.pricing_category IS DISTINCT FROM u.category OR m.pricing_type IS DISTINCT FROM u.type)
        RETURNING m.id, m.conversation_id, m.billable, coalesce(m.sent_at, m.created_at) AS sent_at
     )
     SELECT ch.conversation_id, cv.channel_id, ch.sent_at,
            (CASE WHEN ch.billable THEN 1 ELSE 0 END) - (CASE WHEN b.billable THEN 1 ELSE 0 END) AS delta
       FROM changed ch JOIN before b ON b.id = ch.id JOIN conversation cv ON cv.id = ch.conversation_id
      WHERE (ch.billable IS TRUE) IS DISTINCT FROM (b.billable IS TRUE)`,
    [
      list.map(([w]) => w),
      list.map(([, p]) => p.category),
      list.map(([, p]) => p.type),
      list.map(([, p]) => p.billable),
    ],
  );
  if (rows.length === 0) return;
  const byConversation = new Map<string, number>();
  const byChannelDay = new Map<string, { channelId: string; day: string; n: number }>();
  for (const r of rows) {
    byConversation.set(r.conversation_id, (byConversation.get(r.conversation_id) ?? 0) + r.delta);
    const day = dayKey(r.sent_at.getTime(), timeZone);
    const key = `${r.channel_id}:${day}`;
    const entry = byChannelDay.get(key) ?? { channelId: r.channel_id, day, n: 0 };
    entry.n += r.delta;
    byChannelDay.set(key, entry);
  }
  const conversations = [...byConversation].sort(([a], [b]) => (a < b ? -1 : 1));
  await client.query(
    `UPDATE conversation c SET billable_count = greatest(0, c.billable_count + d.n)
       FROM unnest($1::text[], $2::int[]) AS d(id, n) WHERE c.id = d.id`,
    [conversations.map(([id]) => id), conversations.map(([, n]) => n)],
  );
  // Sorted, like every writer of counters, so two transactions never take them in crossing orders.
  const days = [...byChannelDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, d]) => ({ id, ...d }));
  await client.query(
    `INSERT INTO channel_day_stats AS s (id, channel_id, day, billable_count)
     SELECT d.id, d.channel_id, d.day, greatest(0, d.n)
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS d(id, channel_id, day, n)
     ON CONFLICT (id) DO UPDATE SET billable_count = greatest(0, s.billable_count + (
       SELECT d2.n FROM unnest($1::text[], $4::int[]) AS d2(id, n) WHERE d2.id = EXCLUDED.id))`,
    [days.map((d) => d.id), days.map((d) => d.channelId), days.map((d) => d.day), days.map((d) => d.n)],
  );
}
