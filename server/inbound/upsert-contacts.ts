import type { PoolClient } from '../db/pool.ts';
import { newContactId, phoneOf } from './inbound-ids.ts';

export type ContactInput = { key: string; profileName: string; username?: string };

/**
 * Creates missing contacts and refreshes profile names (also on their conversations' denormalised
 * participant name). Every contact row is locked for the rest of the transaction, even when nothing
 * changes: all events from one customer are serialised, so a message and a reaction to it, or two
 * webhooks for a new customer, never race.
 */
export async function upsertContacts(client: PoolClient, contacts: ContactInput[]): Promise<void> {
  if (contacts.length === 0) return;
  // One row per key, locked in a stable order (no deadlock between two batches).
  const byKey = new Map<string, string>();
  const usernames = new Map<string, string>();
  for (const c of contacts) {
    const previous = byKey.get(c.key);
    if (previous === undefined || (previous === '' && c.profileName !== '')) byKey.set(c.key, c.profileName);
    if (c.username) usernames.set(c.key, c.username);
  }
  const keys = [...byKey.keys()].sort();
  await client.query(
    `WITH up AS (
       INSERT INTO contact AS ct (id, wa_id, profile_name, phone, username)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) ORDER BY 2
       ON CONFLICT (wa_id) DO UPDATE SET
         profile_name = CASE WHEN EXCLUDED.profile_name <> '' THEN EXCLUDED.profile_name ELSE ct.profile_name END,
         username = CASE WHEN EXCLUDED.username <> '' THEN EXCLUDED.username ELSE ct.username END,
         updated_at = now()
         WHERE (EXCLUDED.profile_name <> '' AND ct.profile_name IS DISTINCT FROM EXCLUDED.profile_name)
            OR (EXCLUDED.username <> '' AND ct.username IS DISTINCT FROM EXCLUDED.username)
       RETURNING ct.id, ct.profile_name, ct.phone, ct.username, (ct.xmax::text <> '0') AS renamed
     )
     -- A customer without a number is shown (and found) by their username.
     UPDATE conversation c SET participant_name = up.profile_name,
            participant_phone = CASE WHEN up.phone = '' AND up.username <> '' THEN '@' || up.username
                                     ELSE c.participant_phone END,
            updated_at = now()
       FROM up WHERE up.renamed AND c.contact_id = up.id
        AND (c.participant_name <> up.profile_name
             OR (up.phone = '' AND up.username <> '' AND c.participant_phone <> '@' || up.username))`,
    [
      keys.map(() => newContactId()),
      keys,
      keys.map((k) => byKey.get(k) ?? ''),
      keys.map(phoneOf),
      keys.map((k) => usernames.get(k) ?? ''),
    ],
  );
}
