import { defineMutator, type Transaction } from '@rocicorp/zero';
import type { ZeroContext } from '../context.ts';
import { zql } from '../schema.ts';
import { z } from '../zod.ts';
import { assertSignedIn } from './mutation-error.ts';

const columnList = z.array(z.string().check(z.maxLength(40))).check(z.maxLength(30));
const conversationId = z.string().check(z.minLength(1), z.maxLength(64));

/** At most this many conversation tabs stay open; opening one more closes the oldest. */
export const MAX_OPEN_TABS = 20;

/** The open-tab list after opening `id`: appended once, the oldest dropped beyond the limit. */
export function withTabOpened(tabs: readonly string[], id: string, max = MAX_OPEN_TABS): string[] {
  if (tabs.includes(id)) return [...tabs];
  const next = [...tabs, id];
  return next.length > max ? next.slice(next.length - max) : next;
}

type Changes = {
  chatsColumns?: string[] | undefined;
  operatorsColumns?: string[] | undefined;
  summaryOpen?: boolean | undefined;
  openTabs?: string[] | undefined;
  alertSound?: boolean | undefined;
  alertDesktop?: boolean | undefined;
};

/** Reads the operator's row inside the transaction, so concurrent edits from two devices compose. */
async function writePreferences(
  tx: Transaction,
  ctx: ZeroContext,
  now: number,
  change: (current: { openTabs: string[] }) => Changes,
) {
  const existing = await tx.run(zql.operatorPreference.where('operatorId', ctx.userID).one());
  const changes = change({ openTabs: existing?.openTabs ?? [] });
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Changes;
  if (existing) {
    if (Object.keys(defined).length === 0) return;
    await tx.mutate.operatorPreference.update({ operatorId: ctx.userID, ...defined, updatedAt: now });
  } else {
    await tx.mutate.operatorPreference.insert({
      operatorId: ctx.userID,
      chatsColumns: defined.chatsColumns ?? null,
      operatorsColumns: defined.operatorsColumns ?? null,
      summaryOpen: defined.summaryOpen ?? true,
      openTabs: defined.openTabs ?? [],
      alertSound: defined.alertSound ?? false,
      alertDesktop: defined.alertDesktop ?? false,
      updatedAt: now,
    });
  }
}

export const preferencesMutators = {
  update: defineMutator(
    z.object({
      chatsColumns: z.optional(columnList),
      operatorsColumns: z.optional(columnList),
      summaryOpen: z.optional(z.boolean()),
      openTabs: z.optional(z.array(conversationId).check(z.maxLength(MAX_OPEN_TABS))),
      alertSound: z.optional(z.boolean()),
      alertDesktop: z.optional(z.boolean()),
      now: z.number(),
    }),
    async ({ tx, args, ctx }) => {
      assertSignedIn(ctx);
      const { now, ...changes } = args;
      await writePreferences(tx, ctx, now, () => changes);
    },
  ),
  /** Adds a conversation tab (idempotent); applied to the current list, not a client's stale copy. */
  openTab: defineMutator(z.object({ id: conversationId, now: z.number() }), async ({ tx, args, ctx }) => {
    assertSignedIn(ctx);
    await writePreferences(tx, ctx, args.now, ({ openTabs }) =>
      openTabs.includes(args.id) ? {} : { openTabs: withTabOpened(openTabs, args.id) },
    );
  }),
  closeTab: defineMutator(z.object({ id: conversationId, now: z.number() }), async ({ tx, args, ctx }) => {
    assertSignedIn(ctx);
    await writePreferences(tx, ctx, args.now, ({ openTabs }) =>
      openTabs.includes(args.id) ? { openTabs: openTabs.filter((x) => x !== args.id) } : {},
    );
  }),
};
