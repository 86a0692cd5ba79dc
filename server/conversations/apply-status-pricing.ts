import type { PoolClient } from '../db/pool.ts';
import type { StatusItem } from '../inbound/plan-webhook-batch.ts';

/**
 * Keeps what Meta bills for each of our messages (`statuses[].pricing`: category such as service,
 * utility, marketing, authentication; type regular / free_customer_service / free_entry_point). Every
 * status of a message carries the same pricing, so any one of them will do. A status for a message
 * not stored yet leaves it unpriced (its later statuses price it).
 */
export async function applyStatusPricing(client: PoolClient, statuses: readonly StatusItem[]): Promise<void> {
  const byWamid = new Map<string, NonNullable<StatusItem['pricing']>>();
  for (const s of statuses) if (s.pricing) byWamid.set(s.wamid, s.pricing);
  if (byWamid.size === 0) return;
  const list = [...byWamid].sort(([a], [b]) => (a < b ? -1 : 1));
  await client.query(
    `UPDATE message m SET pricing_category = u.category, pricing_type = u.type,
            billable = coalesce(u.billable, CASE WHEN u.type IS NULL THEN NULL ELSE u.type NOT LIKE 'free%' END)
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[]) AS u(wamid, category, type, billable)
      WHERE m.wamid = u.wamid
        AND (m.pricing_category IS DISTINCT FROM u.category OR m.pricing_type IS DISTINCT FROM u.type)`,
    [
      list.map(([w]) => w),
      list.map(([, p]) => p.category),
      list.map(([, p]) => p.type),
      list.map(([, p]) => p.billable),
    ],
  );
}
