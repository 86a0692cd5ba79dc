import type { PoolClient } from '../db/pool.ts';
import { latestPerKey } from './latest-per-key.ts';

export type MarketingPreference = { contactKey: string; optOut: boolean; at: number };

/**
 * `user_preferences`: a customer stopped or resumed marketing messages. Kept on the customer (the
 * template send refuses MARKETING templates to one who stopped); the latest by Meta's time wins, so
 * redeliveries and any order end the same. Contacts must exist (upsertContacts first).
 */
export async function applyMarketingPreferences(
  client: PoolClient,
  preferences: readonly MarketingPreference[],
): Promise<void> {
  // At the same second a stop wins: the safe side for a customer who asked not to be marketed to.
  const list = latestPerKey(
    preferences,
    (p) => p.contactKey,
    (p) => p.optOut,
  );
  if (list.length === 0) return;
  await client.query(
    `UPDATE contact c SET marketing_opt_out = u.opt_out, marketing_pref_at = u.at, updated_at = now()
       FROM unnest($1::text[], $2::bool[], $3::timestamptz[]) AS u(key, opt_out, at)
      WHERE c.wa_id = u.key
        AND (c.marketing_pref_at IS NULL OR u.at > c.marketing_pref_at
             OR (u.at = c.marketing_pref_at AND u.opt_out AND NOT c.marketing_opt_out))`,
    [list.map((p) => p.contactKey), list.map((p) => p.optOut), list.map((p) => new Date(p.at))],
  );
}
