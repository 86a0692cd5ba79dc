import { defineMutator, type Transaction } from '@rocicorp/zero';
import type { ZeroContext } from '../context.ts';
import { NOTE_TYPE } from '../internal-note.ts';
import { visibleConversations } from '../queries.ts';
import { type Schema, zql } from '../schema.ts';
import { TEXT_MAX_CHARS } from '../whatsapp/text-limits.ts';
import { z } from '../zod.ts';
import { assertCanWrite, assertChatsEnabled, assertSignedIn, mutationError } from './mutation-error.ts';

// Internal notes: written in the thread for colleagues, never sent to the customer. A note is a message
// of type 'note' so it sits in the thread's order with the messages, but nothing that sends or counts
// replies looks at it: no outbox job, no window check, the conversation's summary (last message,
// lighthouse, counters) stays as it was. Names and argument shapes are wire protocol: keep them stable.

export const AddNoteArgs = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  conversationId: z.string().check(z.minLength(1), z.maxLength(64)),
  body: z.string().check(
    z.maxLength(TEXT_MAX_CHARS),
    z.refine((s) => s.trim().length > 0, 'The note is empty.'),
  ),
  now: z.number(),
});
export type AddNoteArgs = z.infer<typeof AddNoteArgs>;

export const noteMutators = {
  add: defineMutator(AddNoteArgs, async ({ tx, args, ctx }) => {
    assertCanWrite(ctx);
    assertChatsEnabled(ctx);
    if (await tx.run(zql.message.where('id', args.id).one())) return; // a replay
    const conversation = await tx.run(visibleConversations(ctx).where('id', args.conversationId).one());
    if (!conversation) {
      // Not loaded in this browser: the server decides.
      if (tx.location === 'server') throw mutationError('not_found', 'No such conversation.');
      return;
    }
    const now = tx.location === 'server' ? Date.now() : args.now;
    await tx.mutate.message.insert({
      id: args.id,
      conversationId: args.conversationId,
      wamid: null,
      direction: 'out',
      type: NOTE_TYPE,
      body: args.body,
      payload: null,
      attachmentId: null,
      replyToWamid: null,
      replyToMessageId: null,
      forwarded: false,
      frequentlyForwarded: false,
      status: 'sent',
      operatorId: ctx.userID,
      templateName: null,
      templateLanguage: null,
      templateParams: null,
      createdAt: now,
      receivedAt: now,
    });
    await writeMentions(tx, ctx, { ...args, now }, conversation.channelId);
  }),

  /** The operator opened the conversation: its mentions of them stop alerting. */
  mentionsSeen: defineMutator(
    z.object({ conversationId: z.string().check(z.minLength(1), z.maxLength(64)), now: z.number() }),
    async ({ tx, args, ctx }) => {
      assertSignedIn(ctx);
      const mine = await tx.run(
        zql.noteMention
          .where('operatorId', ctx.userID)
          .where('conversationId', args.conversationId)
          .where('seenAt', 'IS', null),
      );
      for (const m of mine)
        await tx.mutate.noteMention.update({
          messageId: m.messageId,
          operatorId: m.operatorId,
          seenAt: args.now,
        });
    },
  ),
};

async function writeMentions(
  tx: Transaction<Schema>,
  ctx: ZeroContext,
  note: AddNoteArgs,
  channelId: string,
) {
  const operators = await tx.run(zql.operator.where('active', true));
  // Only colleagues who can see this conversation (their channel scope) are alerted.
  const reachable = operators.filter((o) => o.channelScope == null || o.channelScope.includes(channelId));
  // Loaded on use, not with the Chats route (issue 12's bundle budget): the note composer has it already.
  const { mentionedOperatorIds } = await import('../note-mentions.ts');
  const ids = mentionedOperatorIds(note.body, reachable, ctx.userID);
  if (ids.length === 0) return;
  const author = operators.find((o) => o.id === ctx.userID);
  for (const operatorId of ids) {
    await tx.mutate.noteMention.insert({
      messageId: note.id,
      operatorId,
      conversationId: note.conversationId,
      authorId: ctx.userID,
      authorName: author?.name ?? '',
      createdAt: note.now,
      seenAt: null,
    });
  }
}
