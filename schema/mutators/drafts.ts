import { defineMutator } from '@rocicorp/zero';
import { z } from 'zod';
import { TEXT_MAX_CHARS } from '../whatsapp/text-limits.ts';
import { assertCanWrite } from './mutation-error.ts';
import { requireVisibleConversation } from './require-visible.ts';

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
      if (args.body.trim() === '') {
        // Zero's delete is a no-op when the row is absent (in the browser and in Postgres).
        await tx.mutate.conversationDraft.delete(key);
        return;
      }
      await requireVisibleConversation(tx, ctx, args.conversationId);
      await tx.mutate.conversationDraft.upsert({ ...key, body: args.body, updatedAt: args.now });
    },
  ),
};
