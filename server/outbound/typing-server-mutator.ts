import { defineMutator } from '@rocicorp/zero';
import { z } from 'zod';
import { viewerMutators } from '../../schema/mutators/viewers.ts';
import { canWrite } from '../../schema/roles.ts';
import { pgClientOf } from '../db/pg-client-of.ts';
import { enqueueTypingIndicator } from './outbox-jobs.ts';

const HereArgs = z.object({
  conversationId: z.string().min(1).max(64),
  now: z.number(),
  typing: z.boolean().default(false),
});

/**
 * viewers.here on the server: besides telling colleagues, an operator who types makes WhatsApp show
 * the customer "typing…" (send-typing-job.ts paces it). Read-only accounts never do.
 */
export const viewersHereServerMutator = defineMutator(HereArgs, async ({ tx, args, ctx }) => {
  await viewerMutators.here.fn({ tx, args, ctx });
  if (args.typing && ctx?.userID && canWrite(ctx.role)) {
    await enqueueTypingIndicator(pgClientOf(tx), args.conversationId);
  }
});
