import type { MetaTemplate } from '../../schema/whatsapp/template-schema.ts';
import { loadAllChannelConfigs } from '../channels/channel-config.ts';
import { withTransaction } from '../db/pool.ts';
import { GraphApiError } from '../whatsapp/graph-error.ts';
import { graphClientFor } from './graph-client-for.ts';
import { markChannelBroken } from './mark-channel-broken.ts';
import type { OutboxRuntime } from './outbox-runtime.ts';

export type TemplateSyncResult = {
  wabaId: string;
  ok: boolean;
  /** Templates now stored for this account. */
  count: number;
  removed: number;
  error?: string;
};

/**
 * Mirrors every WhatsApp Business Account's message templates (all pages of
 * GET /{waba-id}/message_templates) into whatsapp_template: new ones inserted, changed ones updated
 * (unchanged rows are not rewritten, so nothing replicates for nothing), ones gone at Meta removed.
 * Runs at start-up, every 15 minutes and on demand. One account failing does not stop the others.
 */
export async function syncTemplates(rt: OutboxRuntime): Promise<TemplateSyncResult[]> {
  const channels = await loadAllChannelConfigs(rt.pool, rt.deps.secretBox, rt.deps.env);
  const byWaba = new Map<string, (typeof channels)[number]>();
  for (const ch of channels) {
    if (!ch.wabaId || (ch.mode === 'meta' && !ch.accessToken) || ch.sendsPaused) continue;
    if (!byWaba.has(ch.wabaId)) byWaba.set(ch.wabaId, ch);
  }
  const results: TemplateSyncResult[] = [];
  for (const [wabaId, channel] of byWaba) {
    try {
      const templates = await graphClientFor(rt, channel).listTemplates();
      const { count, removed } = await withTransaction(rt.pool, (db) =>
        storeTemplates(db, wabaId, templates),
      );
      results.push({ wabaId, ok: true, count, removed });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof GraphApiError && err.classification === 'channel_broken') {
        await withTransaction(rt.pool, (db) => markChannelBroken(db, channel.id, err));
      }
      rt.deps.log('warn', 'templates: sync failed', { wabaId, error: message });
      results.push({ wabaId, ok: false, count: 0, removed: 0, error: message });
    }
  }
  return results;
}

type Db = Parameters<Parameters<typeof withTransaction>[1]>[0];

async function storeTemplates(db: Db, wabaId: string, templates: MetaTemplate[]) {
  // Meta lists one row per name and language; a repeated pair (never seen, but cheap to guard) keeps the last.
  const unique = new Map<string, MetaTemplate>();
  for (const t of templates) unique.set(`${t.name}\u0000${t.language}`, t);
  const list = [...unique.values()];
  if (list.length > 0) {
    await db.query(
      `INSERT INTO whatsapp_template AS w
         (id, waba_id, meta_id, name, language, category, status, parameter_format, components, updated_at)
       SELECT 'tpl-' || t.meta_id, $1, t.meta_id, t.name, t.language, t.category, t.status, t.parameter_format,
              t.components, now()
         FROM jsonb_to_recordset($2::jsonb)
           AS t(meta_id text, name text, language text, category text, status text, parameter_format text,
                components jsonb)
       ON CONFLICT (waba_id, name, language) DO UPDATE
         SET meta_id = EXCLUDED.meta_id, category = EXCLUDED.category, status = EXCLUDED.status,
             parameter_format = EXCLUDED.parameter_format, components = EXCLUDED.components, updated_at = now(),
             rejected_reason = CASE WHEN EXCLUDED.status = 'REJECTED' THEN w.rejected_reason END
         WHERE (w.meta_id, w.category, w.status, w.parameter_format, w.components)
               IS DISTINCT FROM (EXCLUDED.meta_id, EXCLUDED.category, EXCLUDED.status, EXCLUDED.parameter_format,
                                 EXCLUDED.components)`,
      [
        wabaId,
        JSON.stringify(
          list.map((t) => ({
            meta_id: t.id,
            name: t.name,
            language: t.language,
            category: (t.category ?? 'UNKNOWN').toUpperCase(),
            status: t.status.toUpperCase(),
            parameter_format:
              (t.parameter_format ?? 'POSITIONAL').toUpperCase() === 'NAMED' ? 'NAMED' : 'POSITIONAL',
            components: t.components,
          })),
        ),
      ],
    );
  }
  const removed = await db.query(
    `DELETE FROM whatsapp_template
      WHERE waba_id = $1 AND (name, language) NOT IN (SELECT n, l FROM unnest($2::text[], $3::text[]) AS k(n, l))`,
    [wabaId, list.map((t) => t.name), list.map((t) => t.language)],
  );
  return { count: list.length, removed: removed.rowCount ?? 0 };
}
