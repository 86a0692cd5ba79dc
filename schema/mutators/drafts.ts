import { defineMutator } from '@rocicorp/zero';
import { z } from 'zod';
import { visibleConversations } from '../queries.ts';
import { zql } from '../schema.ts';
import { TEXT_MAX_CHARS } from '../whatsapp/text-limits.ts';
import { assertCanWrite, mutationError } from './mutation-error.ts';

export const draftMutators = {
  /** Keeps what the operator typed in a conversation; an empty text deletes the draft (sent or cleared). */
  save: defineMutator(
    z.object({
      conversationId: z.string().min(1).max(64),
      body: z.string().max(TEXT_MAX_CHARS),
      now: z.number(),
    }),
    async ({ tx, args, ctx }) => {
      assertCanWrite(ctx);
      const key = { operatorId: ctx.userID, conversationId: args.conversationId };
      const existing = await tx.run(
        zql.conversationDraft
          .where('operatorId', key.operatorId)
          .where('conversationId', key.conversationId)
          .one(),
      );
      if (args.body.trim() === '') {
        if (existing) await tx.mutate.conversationDraft.delete(key);
        return;
      }
      const conversation = await tx.run(visibleConversations(ctx).where('id', args.conversationId).one());
      if (!conversation) throw mutationError('not_found', 'No such conversation.');
      await tx.mutate.conversationDraft.upsert({ ...key, body: args.body, updatedAt: args.now });
    },
  ),
};
