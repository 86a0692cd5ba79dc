import type pg from 'pg';
import type { ZeroContext } from '../../schema/context.ts';
import { assertCanWrite, mutationError } from '../../schema/mutators/mutation-error.ts';
import { isServiceWindowOpen } from '../../schema/whatsapp/service-window.ts';

/** Who sends: the Zero context of a signed-in operator, or the operator behind a REST API token. */
export type Sender = ZeroContext;

/** What every send path needs; `now` is injectable for tests (the server clock decides the window). */
export type OutboundOptions = { timeZone: string; now?: () => number };

export type Db = Pick<pg.ClientBase, 'query'>;

/** The conversation a reply goes to, locked for this transaction (sends to one customer serialise). */
export type SendTarget = {
  conversationId: string;
  channelId: string;
  wabaId: string;
  lastMessageId: string | null;
  awaitingReply: boolean;
  customerLastMessageAt: number | null;
  operatorName: string;
};

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
  if (!r || (sender.channelScope && !sender.channelScope.includes(r.channel_id))) {
    throw mutationError('not_found', 'That conversation does not exist.');
  }
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

/** The 24-hour rule for free-form messages (text, media, reactions), on the server's clock. */
export function assertWindowOpen(target: SendTarget, nowMs: number): void {
  if (!isServiceWindowOpen(target.customerLastMessageAt, nowMs)) {
    throw mutationError(
      'window_closed',
      target.customerLastMessageAt === null
        ? 'The customer has not written yet: only an approved template can start the conversation.'
        : 'More than 24 hours have passed since the customer last wrote: send an approved template instead.',
    );
  }
}

/** True when a message with this client-generated id exists: a replayed send is a no-op. */
export async function messageExists(db: Db, messageId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM message WHERE id = $1', [messageId]);
  return (rowCount ?? 0) > 0;
}
