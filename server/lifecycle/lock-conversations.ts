import type pg from 'pg';
import type { ZeroContext } from '../../schema/context.ts';
import { assertCanWrite, assertChatsEnabled } from '../../schema/mutators/mutation-error.ts';
import type { ConversationState } from '../../schema/schema.ts';

export type Db = Pick<pg.ClientBase, 'query'>;

/** A conversation a lifecycle or ownership command applies to, locked for the transaction. */
export type LockedConversation = {
  id: string;
  channelId: string;
  state: ConversationState;
  awaitingReply: boolean;
  assigneeId: string | null;
};

/**
 * Checks that the operator may change conversations (not read-only, module on) and locks those of
 * `ids` they may see (others are skipped, as the queries never showed them). Rows are locked in the
 * inbound path's order (channel, then the customer's WhatsApp id: find-or-create-conversation.ts), so a
 * bulk command and a webhook batch never wait on each other in a cycle.
 */
export async function lockConversations(
  db: Db,
  ctx: ZeroContext | undefined,
  ids: readonly string[],
): Promise<LockedConversation[]> {
  assertCanWrite(ctx);
  assertChatsEnabled(ctx);
  const { rows } = await db.query<{
    id: string;
    channel_id: string;
    state: ConversationState;
    awaiting_reply: boolean;
    assignee_id: string | null;
  }>(
    `SELECT c.id, c.channel_id, c.state, c.awaiting_reply, c.assignee_id
       FROM conversation c JOIN contact ct ON ct.id = c.contact_id
      WHERE c.id = ANY($1::text[]) AND ($2::text[] IS NULL OR c.channel_id = ANY($2::text[]))
      ORDER BY c.channel_id COLLATE "C", ct.wa_id COLLATE "C"
      FOR UPDATE OF c`,
    [[...new Set(ids)], ctx.channelScope],
  );
  return rows.map((r) => ({
    id: r.id,
    channelId: r.channel_id,
    state: r.state,
    awaitingReply: r.awaiting_reply,
    assigneeId: r.assignee_id,
  }));
}

/** The acting operator's display name (events and audit keep it as it was). */
export async function operatorName(db: Db, operatorId: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM operator WHERE id = $1', [operatorId]);
  return rows[0]?.name ?? null;
}
