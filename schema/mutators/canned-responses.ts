import { defineMutator } from '@rocicorp/zero';
import { CannedResponseFields } from '../canned-response.ts';
import type { ZeroContext } from '../context.ts';
import { zql } from '../schema.ts';
import { z } from '../zod.ts';
import { assertCanWrite, mutationError } from './mutation-error.ts';

const id = z.string().check(z.minLength(1), z.maxLength(64));

/** Personal responses are their owner's; the team's shared ones are kept by administrators. */
function assertMayEdit(ctx: ZeroContext, ownerId: string | null | undefined) {
  if (ownerId == null ? ctx.role !== 'admin' : ownerId !== ctx.userID)
    throw mutationError(
      'forbidden',
      ownerId == null ? 'Only administrators may change shared responses.' : 'That response is not yours.',
    );
}

export const cannedResponseMutators = {
  save: defineMutator(
    z.extend(CannedResponseFields, { id, shared: z.boolean(), now: z.number() }),
    async ({ tx, args, ctx }) => {
      assertCanWrite(ctx);
      const existing = await tx.run(zql.cannedResponse.where('id', args.id).one());
      if (existing) assertMayEdit(ctx, existing.ownerId);
      const ownerId = args.shared ? null : ctx.userID;
      assertMayEdit(ctx, ownerId);
      await tx.mutate.cannedResponse.upsert({
        id: args.id,
        ownerId,
        shortcut: args.shortcut,
        title: args.title,
        body: args.body,
        createdAt: existing?.createdAt ?? args.now,
        updatedAt: args.now,
      });
    },
  ),
  delete: defineMutator(z.object({ id }), async ({ tx, args, ctx }) => {
    assertCanWrite(ctx);
    const existing = await tx.run(zql.cannedResponse.where('id', args.id).one());
    if (!existing) return;
    assertMayEdit(ctx, existing.ownerId);
    await tx.mutate.cannedResponse.delete({ id: args.id });
  }),
};
