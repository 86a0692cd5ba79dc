import { defineMutator } from '@rocicorp/zero';
import { ViewerHereArgs, viewerMutators } from '../../schema/mutators/viewers.ts';
import { canWrite } from '../../schema/roles.ts';
import { pgClientOf } from '../db/pg-client-of.ts';
import { recordViewerHeartbeat } from '../operators/record-viewer-heartbeat.ts';
import { enqueueTypingIndicator } from './outbox-jobs.ts';

/**
 * viewers.here on the server: besides telling colleagues, the heartbeat is recorded for the sweeper, and
 * an operator who types makes WhatsApp show the customer "typing…" (send-typing-job.ts paces it).
 * Read-only accounts never do.
 */
export const viewersHereServerMutator = defineMutator(ViewerHereArgs, async ({ tx, args, ctx }) => {
  await viewerMutators.here.fn({ tx, args, ctx });
  if (!ctx?.userID) return;
  const db = pgClientOf(tx);
  await recordViewerHeartbeat(db, ctx.userID, args.conversationId);
  if (args.typing && canWrite(ctx.role)) await enqueueTypingIndicator(db, args.conversationId);
});
