import type { Transaction } from '@rocicorp/zero';
import { assertWindowOpen } from '../../schema/mutators/messages.ts';
import { assertCanWrite, assertInChannelScope, mutationError } from '../../schema/mutators/mutation-error.ts';
import type { Schema } from '../../schema/schema.ts';
import { pgClientOf } from '../db/pg-client-of.ts';
import { queueOutboundMessage } from './queue-outbound-message.ts';
import type { Db, OutboundOptions, Sender, SendTarget } from './send-target.ts';

/**
 * Checks that `sender` may write to the conversation (not read-only, module on, channel in scope) and
 * locks its row. A conversation outside the sender's scope is reported as missing, as the queries do.
 */
export async function loadSendTarget(db: Db, sender: Sender | undefined, conversationId: string) {
  assertCanWrite(sender);
  if (!sender.chatsEnabled) throw mutationError('module_disabled', 'The Chats module is switched off.');
  const { rows } = await db.query<{
    id: string;
    channel_id: string;
    waba_id: string;
    last_message_id: string | null;
    awaiting_reply: boolean;
    customer_last_message_at: Date | null;
    operator_name: string | null;
  }>(
    `SELECT c.id, c.channel_id, ch.waba_id, c.last_message_id, c.awaiting_reply, c.customer_last_message_at,
            (SELECT name FROM operator WHERE id = $2) AS operator_name
       FROM conversation c JOIN channel ch ON ch.id = c.channel_id
      WHERE c.id = $1
        FOR UPDATE OF c`,
    [conversationId, sender.userID],
  );
  const r = rows[0];
  if (!r) throw mutationError('not_found', 'That conversation does not exist.');
  assertInChannelScope(sender, r.channel_id);
  return {
    conversationId: r.id,
    channelId: r.channel_id,
    wabaId: r.waba_id,
    lastMessageId: r.last_message_id,
    awaitingReply: r.awaiting_reply,
    customerLastMessageAt: r.customer_last_message_at?.getTime() ?? null,
    operatorName: r.operator_name ?? '',
  } satisfies SendTarget;
}

/** True when a message with this client-generated id exists: a replayed send is a no-op. */
export async function messageExists(db: Db, messageId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM message WHERE id = $1', [messageId]);
  return (rowCount ?? 0) > 0;
}

export type SendResult = { messageId: string; created: boolean };

/**
 * An operator's reply on the server, around the shared mutator that writes it: a replay is a no-op (even
 * after the window has closed since); the conversation is locked and the sender's authority checked
 * (`check` adds what the kind of message needs: template, uploaded file); `write` runs the shared mutator
 * with the same clock; then the counters and the outbox job.
 */
export async function sendReply(
  tx: Transaction<Schema>,
  sender: Sender | undefined,
  input: { id: string; conversationId: string },
  options: OutboundOptions,
  steps: {
    /** Text, media and reactions need the 24-hour window open by the server's clock; templates do not. */
    freeForm: boolean;
    check?: (db: Db, target: SendTarget, sender: Sender) => Promise<void>;
    write: (nowMs: number, sender: Sender) => Promise<void>;
  },
): Promise<SendResult> {
  const db = pgClientOf(tx);
  const replay = { messageId: input.id, created: false };
  if (await messageExists(db, input.id)) return replay;
  const target = await loadSendTarget(db, sender, input.conversationId);
  const actor = sender as Sender;
  // Under the conversation's lock: a concurrent send of the same id has committed or waits behind us.
  if (await messageExists(db, input.id)) return replay;
  const nowMs = options.now?.() ?? Date.now();
  if (steps.freeForm) assertWindowOpen(target, nowMs);
  await steps.check?.(db, target, actor);
  await steps.write(nowMs, actor);
  await queueOutboundMessage(db, target, actor, input.id, { nowMs, timeZone: options.timeZone });
  return { messageId: input.id, created: true };
}
