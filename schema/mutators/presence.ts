import { defineMutator } from '@rocicorp/zero';
import { zql } from '../schema.ts';
import { z } from '../zod.ts';
import { assertSignedIn } from './mutation-error.ts';

export const ReportPresenceArgs = z.object({ presence: z.enum(['online', 'away']), now: z.number() });

export const presenceMutators = {
  /**
   * Sent by the client on focus/blur/visibility changes and as a heartbeat. The operator's row (which
   * every client syncs) changes only when the presence does; the heartbeat itself is the server's to
   * record, off the replicated tables (server/operators/report-presence-mutator.ts).
   */
  report: defineMutator(ReportPresenceArgs, async ({ tx, args, ctx }) => {
    assertSignedIn(ctx);
    const me = await tx.run(zql.operator.where('id', ctx.userID).one());
    if (me?.presence === args.presence) return;
    // The server stamps the time: a client with a wrong clock cannot look recently active.
    const now = tx.location === 'server' ? Date.now() : args.now;
    await tx.mutate.operator.update({ id: ctx.userID, presence: args.presence, lastSeenAt: now });
  }),
};
