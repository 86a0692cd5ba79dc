import { defineMutator } from '@rocicorp/zero';
import { z } from 'zod';
import { TYPING_TTL_MS } from '../conversation-viewers.ts';
import { visibleConversations } from '../queries.ts';
import { zql } from '../schema.ts';
import { assertSignedIn, mutationError } from './mutation-error.ts';

const args = z.object({ conversationId: z.string().min(1).max(64), now: z.number() });

export const viewerMutators = {
  /** "I have it open" (and, with `typing`, "I am typing"): sent on opening and as a heartbeat. */
  here: defineMutator(args.extend({ typing: z.boolean().default(false) }), async ({ tx, args, ctx }) => {
    assertSignedIn(ctx);
    // The server's clock decides freshness, so a client with a wrong clock cannot look present forever.
    const now = tx.location === 'server' ? Date.now() : args.now;
    const conversation = await tx.run(visibleConversations(ctx).where('id', args.conversationId).one());
    if (!conversation) throw mutationError('not_found', 'No such conversation.');
    const me = await tx.run(zql.operator.where('id', ctx.userID).one());
    const typingUntil = args.typing ? now + TYPING_TTL_MS : null;
    await tx.mutate.conversationViewer.upsert({
      operatorId: ctx.userID,
      conversationId: args.conversationId,
      operatorName: me?.name ?? '',
      seenAt: now,
      typingUntil,
    });
  }),
  /** "I left" (closed the conversation, or sent what I was typing: `typing: false` is enough for that). */
  left: defineMutator(args, async ({ tx, args, ctx }) => {
    assertSignedIn(ctx);
    const key = { operatorId: ctx.userID, conversationId: args.conversationId };
    const existing = await tx.run(
      zql.conversationViewer
        .where('operatorId', key.operatorId)
        .where('conversationId', key.conversationId)
        .one(),
    );
    if (existing) await tx.mutate.conversationViewer.delete(key);
  }),
};
