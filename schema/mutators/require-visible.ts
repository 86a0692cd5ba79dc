import type { Transaction } from '@rocicorp/zero';
import type { ZeroContext } from '../context.ts';
import { visibleConversations } from '../queries.ts';
import type { Schema } from '../schema.ts';
import { mutationError } from './mutation-error.ts';

type Tx = Transaction<Schema>;

/**
 * The conversation if this operator may see it (the synced queries' rule: module on, channel in scope),
 * else `not_found`: a write cannot tell a hidden conversation from a missing one either.
 */
export async function requireVisibleConversation(tx: Tx, ctx: ZeroContext, conversationId: string) {
  const conversation = await tx.run(visibleConversations(ctx).where('id', conversationId).one());
  if (!conversation) throw mutationError('not_found', 'No such conversation.');
  return conversation;
}

/** A customer this operator talks to: one of their conversations is visible to the operator, else `not_found`. */
export async function requireVisibleCustomer(tx: Tx, ctx: ZeroContext, contactId: string): Promise<void> {
  const seen = await tx.run(visibleConversations(ctx).where('contactId', contactId).one());
  if (!seen) throw mutationError('not_found', 'No such customer.');
}
