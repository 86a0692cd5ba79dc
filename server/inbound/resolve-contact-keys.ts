import type { PoolClient } from '../db/pool.ts';

/** An event's customer: its default key (number, else BSUID) and every identifier it carries. */
export type Identified = { contactKey: string; identities: string[] };

/** A system message: the customer (`from`) now also goes by these identifiers. */
export type Relink = Identified & { newIdentities: string[] };

const groupKey = (item: Identified) => item.identities.join('\n') || item.contactKey;

/**
 * Which stored customer each event belongs to. A customer is one contact row whose key (`wa_id`) is
 * the first identifier it was seen with; every other identifier (a BSUID, a parent BSUID, a number
 * that arrives later, the new number or BSUID of a system message) is an alias of that key. An event
 * goes to the customer of its most stable known identifier (parent BSUID, then BSUID, then number);
 * an event with none known creates the customer under its default key. One lookup and one insert
 * for the whole batch. Returns the key to use per event (by its identifiers).
 */
export async function resolveContactKeys(
  client: PoolClient,
  items: readonly Identified[],
  relinks: readonly Relink[],
): Promise<Map<string, string>> {
  const resolved = new Map<string, string>();
  if (items.length === 0 && relinks.length === 0) return resolved;
  const ids = new Set<string>();
  for (const item of [...relinks, ...items])
    for (const id of [item.contactKey, ...item.identities]) ids.add(id);
  for (const r of relinks) for (const id of r.newIdentities) ids.add(id);
  const { rows } = await client.query<{ id: string; key: string }>(
    `SELECT k.id, coalesce(c.wa_id, a.wa_id) AS key
       FROM unnest($1::text[]) AS k(id)
       LEFT JOIN contact c ON c.wa_id = k.id
       LEFT JOIN private.contact_alias a ON a.alias = k.id
      WHERE c.wa_id IS NOT NULL OR a.wa_id IS NOT NULL`,
    [[...ids]],
  );
  const known = new Map(rows.map((r) => [r.id, r.key]));
  const aliases = new Map<string, string>();
  const link = (id: string, key: string) => {
    if (id === key || known.has(id)) return;
    known.set(id, key);
    aliases.set(id, key);
  };
  const keyOf = (item: Identified): string => {
    const key =
      item.identities.map((id) => known.get(id)).find((k) => k !== undefined) ?? known.get(item.contactKey);
    const chosen = key ?? item.contactKey;
    if (!known.has(chosen)) known.set(chosen, chosen);
    for (const id of [item.contactKey, ...item.identities]) link(id, chosen);
    return chosen;
  };
  // System messages first: the new identifiers join the customer before this batch's messages use them.
  for (const r of relinks) {
    const key = keyOf(r);
    for (const id of r.newIdentities) link(id, key);
  }
  for (const item of items) resolved.set(groupKey(item), keyOf(item));
  for (const r of relinks) resolved.set(groupKey(r), keyOf(r));
  if (aliases.size > 0) {
    const list = [...aliases];
    // A number that joins a customer known only by username gives them their phone number.
    await client.query(
      `WITH a AS (
         INSERT INTO private.contact_alias (alias, wa_id)
         SELECT * FROM unnest($1::text[], $2::text[]) ORDER BY 1
         ON CONFLICT (alias) DO NOTHING
         RETURNING alias, wa_id
       ), ph AS (
         UPDATE contact c SET phone = '+' || a.alias, updated_at = now()
           FROM a WHERE c.wa_id = a.wa_id AND c.phone = '' AND a.alias ~ '^[0-9]{5,20}$'
         RETURNING c.id, c.phone
       )
       UPDATE conversation cv SET participant_phone = ph.phone FROM ph
        WHERE cv.contact_id = ph.id AND (cv.participant_phone = '' OR cv.participant_phone LIKE '@%')`,
      [list.map(([alias]) => alias), list.map(([, key]) => key)],
    );
  }
  return resolved;
}

/** The key resolveContactKeys chose for an event. */
export function resolvedKey(resolved: ReadonlyMap<string, string>, item: Identified): string {
  return resolved.get(groupKey(item)) ?? item.contactKey;
}
