import type { PoolClient } from '../db/pool.ts';
import { latestPerKey } from './latest-per-key.ts';
import type { AccountUpdateItem } from './plan-webhook-batch.ts';

/**
 * `account_update` events that need an admin (a policy violation, a restriction, a ban) become the
 * channel's account alert, shown in the channel health banner; a lifted restriction or a reinstated
 * account clears it. The latest event by Meta's time wins, whatever the delivery order.
 */
export async function applyAccountUpdates(
  client: PoolClient,
  updates: readonly AccountUpdateItem[],
): Promise<void> {
  // At the same time an alert wins over its clearing: the safe side for an account in trouble.
  const list = latestPerKey(
    updates,
    (u) => u.wabaId,
    (u) => u.alert !== null,
  );
  if (list.length === 0) return;
  await client.query(
    `UPDATE channel c SET account_alert = u.alert, account_alert_at = u.at, updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(waba_id, alert, at)
      WHERE c.waba_id = u.waba_id AND u.waba_id <> ''
        AND (c.account_alert_at IS NULL OR u.at > c.account_alert_at
             OR (u.at = c.account_alert_at AND u.alert IS NOT NULL AND c.account_alert IS NULL))`,
    [list.map((u) => u.wabaId), list.map((u) => u.alert), list.map((u) => new Date(u.at))],
  );
}
