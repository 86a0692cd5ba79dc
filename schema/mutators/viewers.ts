import { defineMutator } from '@rocicorp/zero';
import { TYPING_TTL_MS } from '../conversation-viewers.ts';
import { zql } from '../schema.ts';
import { z } from '../zod.ts';
import { assertSignedIn } from './mutation-error.ts';
import { requireVisibleConversation } from './require-visible.ts';

const args = z.object({ conversationId: z.string().check(z.minLength(1), z.maxLength(64)), now: z.number() });

export const ViewerHereArgs = z.extend(args, { typing: z._default(z.boolean(), false) });

export const viewerMutators = {
  /**
   * "I have it open" (and, with `typing`, "I am typing"): sent on opening and as a heartbeat. The row,
   * which colleagues with the conversation open sync, is written only when what they see changes: a new
   * viewer, typing started, renewed or stopped. A plain heartbeat is the server's to record, off the
   * replicated tables (server/operators/record-viewer-heartbeat.ts).
   */
  here: defineMutator(ViewerHereArgs, async ({ tx, args, ctx }) => {
    assertSignedIn(ctx);
    // The server's clock decides freshness, so a client with a wrong clock cannot look present forever.
    const now = tx.location === 'server' ? Date.now() : args.now;
    await requireVisibleConversation(tx, ctx, args.conversationId);
    const current = await tx.run(
      zql.conversationViewer
        .where('operatorId', ctx.userID)
        .where('conversationId', args.conversationId)
        .one(),
    );
    const typingShown = (current?.typingUntil ?? 0) > now;
    if (current && !args.typing && !typingShown) return;
    const me = await tx.run(zql.operator.where('id', ctx.userID).one());
    await tx.mutate.conversationViewer.upsert({
      operatorId: ctx.userID,
      conversationId: args.conversationId,
      operatorName: me?.name ?? '',
      seenAt: now,
      typingUntil: args.typing ? now + TYPING_TTL_MS : null,
    });
  }),
  /** "I left" (closed the conversation, or sent what I was typing: `typing: false` is enough for that). */
  left: defineMutator(args, async ({ tx, args, ctx }) => {
    assertSignedIn(ctx);
    // Zero's delete is a no-op when the row is absent (in the browser and in Postgres).
    await tx.mutate.conversationViewer.delete({
      operatorId: ctx.userID,
      conversationId: args.conversationId,
    });
  }),
};
