import type { Db } from '../lifecycle/lock-conversations.ts';

/**
 * Makes stored customer `sourceId` part of `targetId` (both locked by the caller, their conversations
 * already merged or moved where they collide): the kept customer's empty profile fields take the
 * merged one's (notes are joined; the later marketing preference wins), every identifier of the merged
 * customer (its key and its aliases) becomes an alias of the kept one — server/inbound/
 * resolve-contact-keys.ts then files later messages from any of them under the kept customer — its
 * remaining conversations (other business numbers) and its requests move over, and its row is deleted.
 *
 * A webhook that read the merged customer's key just before this commits may still create it again
 * (a split, nothing lost): the operator merges once more.
 */
export async function mergeCustomers(db: Db, targetId: string, sourceId: string): Promise<void> {
  await db.query(
    `WITH src AS (SELECT * FROM contact WHERE id = $2),
     tgt AS (
       UPDATE contact t SET
         profile_name = CASE WHEN t.profile_name = '' THEN src.profile_name ELSE t.profile_name END,
         phone = CASE WHEN t.phone = '' THEN src.phone ELSE t.phone END,
         username = CASE WHEN t.username = '' THEN src.username ELSE t.username END,
         email = CASE WHEN t.email = '' THEN src.email ELSE t.email END,
         company_name = CASE WHEN t.company_name = '' THEN src.company_name ELSE t.company_name END,
         notes = CASE WHEN t.notes = '' THEN src.notes WHEN src.notes = '' OR src.notes = t.notes THEN t.notes
                      ELSE left(t.notes || E'\\n' || src.notes, 2000) END,
         marketing_opt_out = CASE WHEN src.marketing_pref_at > coalesce(t.marketing_pref_at, '-infinity')
                                  THEN src.marketing_opt_out ELSE t.marketing_opt_out END,
         marketing_pref_at = greatest(t.marketing_pref_at, src.marketing_pref_at),
         created_at = least(t.created_at, src.created_at),
         updated_at = now()
       FROM src WHERE t.id = $1
       RETURNING t.wa_id, src.wa_id AS source_wa_id
     ),
     repointed AS (
       UPDATE private.contact_alias a SET wa_id = tgt.wa_id FROM tgt WHERE a.wa_id = tgt.source_wa_id
     ),
     aliased AS (
       INSERT INTO private.contact_alias (alias, wa_id) SELECT source_wa_id, wa_id FROM tgt
       ON CONFLICT (alias) DO UPDATE SET wa_id = EXCLUDED.wa_id
     ),
     conversations AS (
       UPDATE conversation SET contact_id = $1, updated_at = now() WHERE contact_id = $2
     )
     UPDATE request SET contact_id = $1, updated_at = now() WHERE contact_id = $2`,
    [targetId, sourceId],
  );
  await db.query('DELETE FROM contact WHERE id = $1', [sourceId]);
  // A number the kept customer (known by username) did not have: their conversations show it now, as
  // when Meta sends it (resolve-contact-keys.ts).
  await db.query(
    `UPDATE conversation c SET participant_phone = ct.phone, updated_at = now()
       FROM contact ct
      WHERE ct.id = $1 AND c.contact_id = ct.id AND ct.phone <> ''
        AND (c.participant_phone = '' OR c.participant_phone LIKE '@%')`,
    [targetId],
  );
}
