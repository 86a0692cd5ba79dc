import type { PoolClient } from '../db/pool.ts';
import type { TemplateUpdateItem } from './plan-webhook-batch.ts';

/** The template status an event leaves behind, or null when the status does not change. */
export function templateStatusFor(event: string): string | null {
  const e = event.toUpperCase();
  if (e === 'REINSTATED') return 'APPROVED';
  if (e === 'FLAGGED') return null;
  return e.slice(0, 40);
}

/**
 * `message_template_status_update`: the stored template (matched on WABA, name and language) takes
 * Meta's new status and, when given, the reason. Returns the updates that matched no stored template
 * (the next template sync brings them in).
 */
export async function applyTemplateStatusUpdates(
  client: PoolClient,
  updates: TemplateUpdateItem[],
): Promise<TemplateUpdateItem[]> {
  // The last update per template wins (Meta sends them in order within one body). A FLAGGED template
  // (low quality, still sendable) keeps its status; REINSTATED means approved again.
  const latest = new Map<string, TemplateUpdateItem>();
  for (const u of updates) {
    const status = templateStatusFor(u.event);
    if (status) latest.set(`${u.wabaId}\n${u.name}\n${u.language}`, { ...u, event: status });
  }
  const list = [...latest.values()];
  if (list.length === 0) return [];
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
      list.map((u) => u.event),
      list.map((u) => u.reason?.slice(0, 500) ?? null),
      list.map((u) => u.metaId),
    ],
  );
  const found = new Set(rows.map((r) => `${r.waba_id}\n${r.name}\n${r.language}`));
  return list.filter((u) => !found.has(`${u.wabaId}\n${u.name}\n${u.language}`));
}
