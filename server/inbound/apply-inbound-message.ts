import { displaySafeName } from '../../schema/display-safe-text.ts';
import { normalizeMimeType } from '../../schema/whatsapp/media-limits.ts';
import { capText, FILENAME_MAX_CHARS } from '../../schema/whatsapp/text-limits.ts';
import type { PoolClient } from '../db/pool.ts';
import type { NormalizedInboundMessage } from '../whatsapp/normalize-inbound-message.ts';
import { inboundAttachmentId, inboundMessageId } from './inbound-ids.ts';

export type InboundMessageRow = {
  id: string;
  conversationId: string;
  channelId: string;
  message: NormalizedInboundMessage;
  /** 'out' for what the business wrote elsewhere (app echoes, the Business Agent): stored as sent. */
  direction?: 'in' | 'out';
  origin?: string | null;
};

export type InsertedMessage = {
  id: string;
  wamid: string;
  conversationId: string;
  arrival: number;
  /** An edit or delete naming it was stored before it arrived (apply-message-changes.ts applies it). */
  changedBefore: boolean;
};

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

/** A file name for media that came without one (everything but documents). */
export function mediaFilename(type: string, mime: string | null, given: string | null): string {
  const clean = capText(displaySafeName((given ?? '').replace(/[/\\]/g, '_')), FILENAME_MAX_CHARS);
  if (clean) return clean;
  const ext = EXTENSIONS[normalizeMimeType(mime ?? '')] ?? 'bin';
  return `${type === 'audio' ? 'voice' : type}.${ext}`;
}

/** The stored row id of an inbound message (derived from its wamid). */
export const messageIdFor = (message: NormalizedInboundMessage) => inboundMessageId(message.wamid);

/**
 * Inserts inbound messages (and their pending attachments and media download jobs) in one statement.
 * A wamid already stored is skipped: only rows actually inserted are returned, so summaries and
 * counters change exactly once per message however often Meta delivers it. In the same statement:
 * reactions that arrived before their target are attached, replies that arrived before the message
 * they quote get linked, and each new message says whether an edit or delete of it is already stored,
 * so that a batch with none sends no statement for them.
 */
export async function insertInboundMessages(
  client: PoolClient,
  rows: InboundMessageRow[],
  batchMessageIds: ReadonlyMap<string, string>,
): Promise<InsertedMessage[]> {
  if (rows.length === 0) return [];
  const m = rows.map((r) => r.message);
  const withMedia = rows.filter((r) => r.message.media);
  const { rows: inserted } = await client.query<{
    id: string;
    wamid: string;
    conversation_id: string;
    arrival: number;
    changed_before: boolean;
  }>(
    `WITH input AS MATERIALIZED (
       -- Arrival numbers drawn in the batch's order (the order Meta's bodies reached us).
       SELECT t.*, nextval('message_arrival_seq') AS arrival FROM (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::bool[], $9::bool[], $10::timestamptz[], $11::text[], $12::int[], $13::text[], $14::text[],
                              $24::text[], $25::text[])
           WITH ORDINALITY AS t(id, conversation_id, wamid, type, body, payload, reply_to_wamid, forwarded,
                                frequently_forwarded, created_at, attachment_id, error_code, error_title, error_detail,
                                direction, origin, ord)
          ORDER BY ord
       ) t
     ), att_input AS (
       SELECT * FROM unnest($15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[])
         AS a(id, message_id, channel_id, filename, mime_type, sha256, meta_media_id)
     ), ins AS (
       INSERT INTO message (id, conversation_id, wamid, direction, type, body, payload, attachment_id, reply_to_wamid,
                            reply_to_message_id, forwarded, frequently_forwarded, status, error_code, error_title,
                            error_detail, created_at, arrival, origin, sent_at)
       SELECT i.id, i.conversation_id, i.wamid, i.direction, i.type, i.body, i.payload::jsonb, i.attachment_id, i.reply_to_wamid,
              coalesce(q.reply_id, r.id), i.forwarded, i.frequently_forwarded,
              CASE WHEN i.direction = 'out' THEN 'sent' ELSE 'received' END, i.error_code, i.error_title,
              i.error_detail, i.created_at, i.arrival, i.origin,
              CASE WHEN i.direction = 'out' THEN i.created_at END
         FROM input i
         LEFT JOIN message r ON r.wamid = i.reply_to_wamid
         LEFT JOIN (SELECT * FROM unnest($22::text[], $23::text[]) AS q(wamid, reply_id)) q ON q.wamid = i.reply_to_wamid
       ON CONFLICT DO NOTHING
       RETURNING id, wamid, conversation_id, arrival
     ), att AS (
       INSERT INTO attachment (id, filename, mime_type, sha256, meta_media_id, state)
       SELECT a.id, a.filename, a.mime_type, a.sha256, a.meta_media_id, 'pending'
         FROM att_input a JOIN ins ON ins.id = a.message_id
       ON CONFLICT (id) DO NOTHING
       RETURNING id
     ), job AS (
       INSERT INTO private.media_download (attachment_id, channel_id)
       SELECT a.id, a.channel_id FROM att_input a JOIN att ON att.id = a.id
       ON CONFLICT (attachment_id) DO NOTHING
     ), early_reactions AS (
       SELECT e.target_wamid, e.emoji, e.at, ins.id AS message_id, ins.conversation_id
         FROM private.reaction_event e JOIN ins ON ins.wamid = e.target_wamid
        WHERE NOT e.applied
     ), add_reactions AS (
       INSERT INTO message_reaction (id, message_id, conversation_id, actor, emoji, created_at)
       SELECT 'r_' || substr(md5(message_id || ':customer'), 1, 22), message_id, conversation_id, 'customer', emoji, at
         FROM early_reactions WHERE emoji IS NOT NULL
       ON CONFLICT (message_id, actor) DO UPDATE SET emoji = EXCLUDED.emoji, created_at = EXCLUDED.created_at
     ), mark_reactions AS (
       UPDATE private.reaction_event e SET applied = true
         FROM early_reactions r WHERE e.target_wamid = r.target_wamid AND e.actor = 'customer'
     ), link_replies AS (
       UPDATE message SET reply_to_message_id = ins.id
         FROM ins WHERE message.reply_to_wamid = ins.wamid AND message.reply_to_message_id IS NULL
     )
     SELECT id, wamid, conversation_id, arrival,
            EXISTS (SELECT 1 FROM private.message_change mc WHERE mc.target_wamid = ins.wamid) AS changed_before
       FROM ins`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.conversationId),
      m.map((x) => x.wamid),
      m.map((x) => x.type.slice(0, 40)),
      m.map((x) => x.body),
      m.map((x) => JSON.stringify(x.referral ? { ...x.payload, referral: x.referral } : x.payload)),
      m.map((x) => x.replyToWamid ?? null),
      m.map((x) => x.forwarded),
      m.map((x) => x.frequentlyForwarded),
      m.map((x) => new Date(x.timestamp)),
      m.map((x) => (x.media ? inboundAttachmentId(x.wamid) : null)),
      m.map((x) => x.errors?.code ?? null),
      m.map((x) => x.errors?.title ?? null),
      m.map((x) => x.errors?.detail ?? null),
      withMedia.map((r) => inboundAttachmentId(r.message.wamid)),
      withMedia.map((r) => r.id),
      withMedia.map((r) => r.channelId),
      withMedia.map((r) =>
        mediaFilename(r.message.type, r.message.media?.mimeType ?? null, r.message.media?.filename ?? null),
      ),
      withMedia.map((r) => r.message.media?.mimeType || 'application/octet-stream'),
      withMedia.map((r) => r.message.media?.sha256 ?? null),
      withMedia.map((r) => r.message.media?.metaMediaId ?? null),
      [...batchMessageIds.keys()],
      [...batchMessageIds.values()],
      rows.map((r) => r.direction ?? 'in'),
      rows.map((r) => r.origin ?? null),
    ],
  );
  return inserted.map((r) => ({
    id: r.id,
    wamid: r.wamid,
    conversationId: r.conversation_id,
    arrival: r.arrival,
    changedBefore: r.changed_before,
  }));
}
