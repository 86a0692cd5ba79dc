import { SendAttachmentArgs } from '../../schema/mutators/messages.ts';
import { mutationError } from '../../schema/mutators/mutation-error.ts';
import { checkMedia } from '../../schema/whatsapp/media-limits.ts';
import { previewText } from '../../schema/whatsapp/preview-text.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/pool.ts';
import {
  assertWindowOpen,
  type Db,
  loadSendTarget,
  messageExists,
  type OutboundOptions,
  type Sender,
} from './outbound-target.ts';
import { parseInput } from './parse-input.ts';
import { recordOutboundMessage } from './record-outbound-message.ts';
import type { SendResult } from './send-text.ts';

export type SendAttachmentInput = Omit<SendAttachmentArgs, 'now'>;

/**
 * A file the operator uploaded (POST /api/files) sent as an image, video, audio, document or sticker.
 * Meta's type and size limits are checked here, before anything is uploaded to Meta; the send job
 * uploads the bytes from the file store and sends by media id.
 */
export async function sendAttachmentInTransaction(
  db: Db,
  sender: Sender | undefined,
  input: SendAttachmentInput,
  options: OutboundOptions,
): Promise<SendResult> {
  if (await messageExists(db, input.id)) return { messageId: input.id, created: false };
  const target = await loadSendTarget(db, sender, input.conversationId);
  const actor = sender as Sender;
  const nowMs = options.now?.() ?? Date.now();
  assertWindowOpen(target, nowMs);
  const { rows } = await db.query<{
    filename: string;
    mime_type: string;
    size_bytes: number | null;
    state: string;
    storage_key: string | null;
  }>(
    `SELECT filename, mime_type, size_bytes, state, storage_key FROM attachment WHERE id = $1 AND uploaded_by = $2`,
    [input.attachmentId, actor.userID],
  );
  const file = rows[0];
  if (!file?.storage_key) throw mutationError('invalid', 'That file was not uploaded by you.');
  if (file.state !== 'ready') throw mutationError('invalid', 'That file is not ready yet.');
  const check = checkMedia(file.mime_type, file.size_bytes ?? 0);
  if (!check.ok) throw mutationError('invalid', check.error);
  const caption = input.caption ?? '';
  if (caption.trim() && (check.kind === 'audio' || check.kind === 'sticker')) {
    throw mutationError(
      'invalid',
      `WhatsApp does not allow a caption on ${check.kind === 'audio' ? 'audio' : 'a sticker'}.`,
    );
  }
  const created = await recordOutboundMessage(
    db,
    target,
    actor,
    {
      id: input.id,
      type: check.kind,
      body: caption,
      preview: previewText({ type: check.kind, body: caption, media: { filename: file.filename } }),
      attachmentId: input.attachmentId,
      replyToMessageId: input.replyToMessageId ?? null,
    },
    { nowMs, timeZone: options.timeZone },
  );
  return { messageId: input.id, created };
}

export function sendAttachmentToConversation(
  pool: Pool,
  sender: Sender,
  input: SendAttachmentInput,
  options: OutboundOptions,
): Promise<SendResult> {
  const parsed = parseInput(SendAttachmentArgs.omit({ now: true }), input);
  return withTransaction(pool, (db) => sendAttachmentInTransaction(db, sender, parsed, options));
}
