import { defineMutator } from '@rocicorp/zero';
import { presenceMutators, ReportPresenceArgs } from '../../schema/mutators/presence.ts';
import { pgClientOf } from '../db/pg-client-of.ts';
import { recordPresenceHeartbeat } from './record-presence-heartbeat.ts';

/**
 * presence.report on the server: the shared mutator changes the operator's (replicated) row only when
 * the presence changes; every report, heartbeats included, is recorded here, off the replicated tables,
 * for the sweeper that turns a silent operator offline (presence-sweeper.ts).
 */
export const reportPresenceServerMutator = defineMutator(ReportPresenceArgs, async ({ tx, args, ctx }) => {
  await presenceMutators.report.fn({ tx, args, ctx });
  if (!ctx?.userID) return;
  await recordPresenceHeartbeat(pgClientOf(tx), ctx.userID, args.presence);
});
