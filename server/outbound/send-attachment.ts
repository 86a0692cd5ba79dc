import type { Transaction } from '@rocicorp/zero';
import { messageMutators, type SendAttachmentArgs } from '../../schema/mutators/messages.ts';
import { mutationError } from '../../schema/mutators/mutation-error.ts';
import type { Schema } from '../../schema/schema.ts';
import { checkMedia } from '../../schema/whatsapp/media-limits.ts';
import { type SendResult, sendReply } from './outbound-target.ts';
import type { Db, OutboundOptions, Sender } from './send-target.ts';

export type SendAttachmentInput = Omit<SendAttachmentArgs, 'now'>;

/**
 * A file the operator uploaded (POST /api/files) sent as an image, video, audio, document or sticker.
 * Meta's type and size limits are checked here, before anything is uploaded to Meta; the send job
 * uploads the bytes from the file store and sends by media id.
 */
export function sendAttachmentInTransaction(
  tx: Transaction<Schema>,
  sender: Sender | undefined,
  input: SendAttachmentInput,
  options: OutboundOptions,
): Promise<SendResult> {
  return sendReply(tx, sender, input, options, {
    freeForm: true,
    check: (db, _target, actor) => assertSendableFile(db, actor, input),
    write: (now, ctx) => messageMutators.sendAttachment.fn({ tx, ctx, args: { ...input, now } }),
  });
}

/** Only the sender's own upload, ready, within Meta's limits for its kind; no caption on audio or stickers. */
async function assertSendableFile(db: Db, actor: Sender, input: SendAttachmentInput): Promise<void> {
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
  if ((input.caption ?? '').trim() && (check.kind === 'audio' || check.kind === 'sticker')) {
    throw mutationError(
      'invalid',
      `WhatsApp does not allow a caption on ${check.kind === 'audio' ? 'audio' : 'a sticker'}.`,
    );
  }
}
