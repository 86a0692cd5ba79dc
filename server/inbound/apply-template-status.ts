import type { PoolClient } from '../db/pool.ts';
import type { TemplateUpdateItem } from './plan-webhook-batch.ts';

/**
 * `message_template_status_update`: the stored template (matched on WABA, name and language) takes
 * Meta's new status and, when given, the reason. Returns the updates that matched no stored template
 * (the next template sync brings them in).
 */
export async function applyTemplateStatusUpdates(
  client: PoolClient,
  updates: TemplateUpdateItem[],
): Promise<TemplateUpdateItem[]> {
  if (updates.length === 0) return [];
  // The last update per template wins (Meta sends them in order within one body).
  const latest = new Map<string, TemplateUpdateItem>();
  for (const u of updates) latest.set(`${u.wabaId}\n${u.name}\n${u.language}`, u);
  const list = [...latest.values()];
  const { rows } = await client.query<{ waba_id: string; name: string; language: string }>(
    `UPDATE whatsapp_template t SET status = u.event, rejected_reason = u.reason,
            meta_id = coalesce(t.meta_id, u.meta_id), updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS u(waba_id, name, language, event, reason, meta_id)
      WHERE t.waba_id = u.waba_id AND t.name = u.name AND t.language = u.language
      RETURNING t.waba_id, t.name, t.language`,
    [
      list.map((u) => u.wabaId),
      list.map((u) => u.name),
      list.map((u) => u.language),
      list.map((u) => u.event.slice(0, 40)),
      list.map((u) => u.reason?.slice(0, 500) ?? null),
      list.map((u) => u.metaId),
    ],
  );
  const found = new Set(rows.map((r) => `${r.waba_id}\n${r.name}\n${r.language}`));
  return list.filter((u) => !found.has(`${u.wabaId}\n${u.name}\n${u.language}`));
}
