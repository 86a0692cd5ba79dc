import { defineMutator } from '@rocicorp/zero';
import { TEXT_MAX_CHARS } from '../whatsapp/text-limits.ts';
import { z } from '../zod.ts';
import { assertCanWrite } from './mutation-error.ts';
import { requireVisibleConversation } from './require-visible.ts';

export const draftMutators = {
  /** Keeps what the operator typed in a conversation; an empty text deletes the draft (sent or cleared). */
  save: defineMutator(
    z.object({
      conversationId: z.string().check(z.minLength(1), z.maxLength(64)),
      body: z.string().check(z.maxLength(TEXT_MAX_CHARS)),
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
