import { defineMutator } from '@rocicorp/zero';
import { z } from '../zod.ts';
import { assertSignedIn } from './mutation-error.ts';

export const presenceMutators = {
  /** Sent by the client on focus/blur/visibility changes and as a heartbeat; the server stamps the time. */
  report: defineMutator(
    z.object({ presence: z.enum(['online', 'away']), now: z.number() }),
    async ({ tx, args, ctx }) => {
      assertSignedIn(ctx);
      const now = tx.location === 'server' ? Date.now() : args.now;
      await tx.mutate.operator.update({ id: ctx.userID, presence: args.presence, lastSeenAt: now });
    },
  ),
};
