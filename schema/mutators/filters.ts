import { defineMutator } from '@rocicorp/zero';
import { ConversationFilter, SEARCHABLE_COLUMNS } from '../conversation-filter.ts';
import { canWrite } from '../roles.ts';
import { zql } from '../schema.ts';
import { z } from '../zod.ts';
import { assertSignedIn, mutationError } from './mutation-error.ts';

const SavedFilterBody = z.object({
  search: z.optional(z.string().check(z.maxLength(200))),
  searchColumns: z.optional(
    z.array(z.enum(SEARCHABLE_COLUMNS)).check(z.maxLength(SEARCHABLE_COLUMNS.length)),
  ),
  filter: ConversationFilter,
  /** The Chats tab's quick views (client/chats/filter-model.ts): absent is everyone's active inbox. */
  owner: z.optional(z.enum(['mine', 'unassigned'])),
  lifecycle: z.optional(z.enum(['resolved', 'any'])),
});
export type SavedFilterBody = z.infer<typeof SavedFilterBody>;

/** Saved filters one operator may keep (each is at most a few kB: SavedFilterBody bounds every field). */
export const MAX_SAVED_FILTERS_PER_OPERATOR = 50;

export const filterMutators = {
  save: defineMutator(
    z.object({
      id: z.string().check(z.minLength(1), z.maxLength(64)),
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
      shared: z.boolean(),
      body: SavedFilterBody,
      now: z.number(),
    }),
    async ({ tx, args, ctx }) => {
      assertSignedIn(ctx);
      // A read-only account keeps private filters; what the whole team sees needs a writing role.
      if (args.shared && !canWrite(ctx.role))
        throw mutationError('forbidden', 'Your account is read-only: save the filter for yourself.');
      const existing = await tx.run(zql.savedFilter.where('id', args.id).one());
      if (existing && existing.operatorId !== ctx.userID)
        throw mutationError('forbidden', 'That filter is not yours.');
      if (!existing && tx.location === 'server') {
        const mine = await tx.run(
          zql.savedFilter.where('operatorId', ctx.userID).limit(MAX_SAVED_FILTERS_PER_OPERATOR),
        );
        if (mine.length >= MAX_SAVED_FILTERS_PER_OPERATOR)
          throw mutationError(
            'limit_reached',
            `You have ${MAX_SAVED_FILTERS_PER_OPERATOR} saved filters: delete one to save another.`,
          );
      }
      await tx.mutate.savedFilter.upsert({
        id: args.id,
        operatorId: ctx.userID,
        name: args.name,
        shared: args.shared,
        filter: args.body,
        createdAt: existing?.createdAt ?? args.now,
      });
    },
  ),
  delete: defineMutator(
    z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) }),
    async ({ tx, args, ctx }) => {
      assertSignedIn(ctx);
      const existing = await tx.run(zql.savedFilter.where('id', args.id).one());
      if (!existing) return;
      if (existing.operatorId !== ctx.userID && ctx.role !== 'admin') {
        throw mutationError('forbidden', 'Only its owner or an administrator may delete this filter.');
      }
      await tx.mutate.savedFilter.delete({ id: args.id });
    },
  ),
};
