import type { PoolClient } from '../db/pool.ts';
import type { TemplateCategoryItem } from './plan-webhook-batch.ts';

/**
 * A completed `template_category_update` (Meta re-classified a template, e.g. UTILITY → MARKETING):
 * the stored template takes the new category at once, so the picker, the marketing opt-out check and
 * pricing follow it before the next template sync.
 */
export async function applyTemplateCategories(
  client: PoolClient,
  updates: readonly TemplateCategoryItem[],
): Promise<void> {
  if (updates.length === 0) return;
  await client.query(
    `UPDATE whatsapp_template t SET category = u.category, updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(waba_id, name, language, category)
      WHERE t.waba_id = u.waba_id AND t.name = u.name AND t.language = u.language AND t.category <> u.category`,
    [
      updates.map((u) => u.wabaId),
      updates.map((u) => u.name),
      updates.map((u) => u.language),
      updates.map((u) => u.category.toUpperCase()),
    ],
  );
}
