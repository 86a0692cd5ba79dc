import { SendTextArgs } from '../../schema/mutators/messages.ts';
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

export type SendResult = { messageId: string; created: boolean };
export type SendTextInput = Omit<SendTextArgs, 'now'>;

/** An operator's text reply, in the caller's transaction (the Zero mutator's, or the REST API's). */
export async function sendTextInTransaction(
  db: Db,
  sender: Sender | undefined,
  input: SendTextInput,
  options: OutboundOptions,
): Promise<SendResult> {
  // A replay of an accepted send is a no-op, even after the window has closed since.
  if (await messageExists(db, input.id)) return { messageId: input.id, created: false };
  const target = await loadSendTarget(db, sender, input.conversationId);
  const nowMs = options.now?.() ?? Date.now();
  assertWindowOpen(target, nowMs);
  const created = await recordOutboundMessage(
    db,
    target,
    sender as Sender,
    {
      id: input.id,
      type: 'text',
      body: input.body,
      preview: previewText({ type: 'text', body: input.body }),
      replyToMessageId: input.replyToMessageId ?? null,
    },
    { nowMs, timeZone: options.timeZone },
  );
  return { messageId: input.id, created };
}

/** For the REST API: the same send in its own transaction. Throws ApplicationError (code in details). */
export function sendTextToConversation(
  pool: Pool,
  sender: Sender,
  input: SendTextInput,
  options: OutboundOptions,
): Promise<SendResult> {
  const parsed = parseInput(SendTextArgs.omit({ now: true }), input);
  return withTransaction(pool, (db) => sendTextInTransaction(db, sender, parsed, options));
}
