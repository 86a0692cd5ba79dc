import { escapeLike } from '@rocicorp/zero';
import { LIFECYCLE_STATES } from './conversation-lifecycle.ts';
import type { zql } from './schema.ts';
import { MESSAGE_STATUSES } from './whatsapp/message-status.ts';
import { z } from './zod.ts';

export const SEARCHABLE_COLUMNS = [
  'participant',
  'number',
  'businessNumber',
  'lastMessage',
  'operator',
] as const;
export type SearchableColumn = (typeof SEARCHABLE_COLUMNS)[number];

export const SORTABLE_COLUMNS = [
  'number',
  'businessNumber',
  'lastOperatorName',
  'participantName',
  'lastMessageStatus',
  'lastMessageAt',
  'awaitingReply',
  'lastMessageDirection',
  'createdAt',
  'unreadCount',
  'assigneeName',
  'state',
] as const;
export type SortableColumn = (typeof SORTABLE_COLUMNS)[number];

const epochMs = z.number().check(z.int(), z.nonnegative());

export const ConversationFilter = z.object({
  statuses: z.optional(z.array(z.enum(MESSAGE_STATUSES)).check(z.maxLength(MESSAGE_STATUSES.length))),
  awaitingReply: z.optional(z.boolean()),
  unreadOnly: z.optional(z.boolean()),
  operatorIds: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(100))),
  /** Lifecycle states ('pending' is snoozed); none: every state. */
  states: z.optional(z.array(z.enum(LIFECYCLE_STATES)).check(z.maxLength(LIFECYCLE_STATES.length))),
  /** Owned by one of these operators (or, with `unassigned`, by nobody as well). */
  assigneeIds: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(100))),
  unassigned: z.optional(z.boolean()),
  channelIds: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(2))),
  direction: z.optional(z.enum(['in', 'out'])),
  lastMessageFrom: z.optional(epochMs),
  lastMessageTo: z.optional(epochMs),
  createdFrom: z.optional(epochMs),
  createdTo: z.optional(epochMs),
});
export type ConversationFilter = z.infer<typeof ConversationFilter>;

/**
 * Where a page starts: the sort column's value and the id of the row just before the page (exclusive).
 * The virtualised table pages through 100,000 conversations with these instead of a growing limit.
 */
export const ConversationCursor = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  value: z.nullable(z.union([z.string().check(z.maxLength(500)), z.number(), z.boolean()])),
});
export type ConversationCursor = z.infer<typeof ConversationCursor>;

export const ConversationListArgs = z.object({
  search: z.optional(z.string().check(z.maxLength(200))),
  searchColumns: z.optional(
    z.array(z.enum(SEARCHABLE_COLUMNS)).check(z.maxLength(SEARCHABLE_COLUMNS.length)),
  ),
  filter: z.optional(ConversationFilter),
  sort: z._default(z.enum(SORTABLE_COLUMNS), 'lastMessageAt'),
  dir: z._default(z.enum(['asc', 'desc']), 'desc'),
  /** 'backward' reads the rows before `start` (in reverse order), for scrolling up. */
  page: z._default(z.enum(['forward', 'backward']), 'forward'),
  start: z.optional(z.nullable(ConversationCursor)),
  limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(2000)), 200),
});
export type ConversationListArgs = z.input<typeof ConversationListArgs>;

/** The cursor a row gives when a page starts after it. */
export function conversationCursor(
  row: { id: string } & Partial<Record<SortableColumn, string | number | boolean | null | undefined>>,
  sort: SortableColumn,
): ConversationCursor {
  return { id: row.id, value: row[sort] ?? null };
}

type ConversationQuery = ReturnType<typeof zql.conversation.where>;

/** Applies search, filters and sort to a conversation query; shared by the client and the server. */
export function applyConversationList(
  base: typeof zql.conversation,
  rawArgs: ConversationListArgs,
): ConversationQuery {
  const args = ConversationListArgs.parse(rawArgs);
  let q = base as ConversationQuery;
  const f = args.filter ?? {};
  if (f.statuses?.length) q = q.where('lastMessageStatus', 'IN', f.statuses);
  if (f.awaitingReply !== undefined) q = q.where('awaitingReply', f.awaitingReply);
  if (f.unreadOnly) q = q.where('unreadCount', '>', 0);
  if (f.operatorIds?.length) q = q.where('lastOperatorId', 'IN', f.operatorIds);
  if (f.states?.length) q = q.where('state', 'IN', f.states);
  const assignees = f.assigneeIds ?? [];
  if (f.unassigned && assignees.length)
    q = q.where(({ or, cmp }) => or(cmp('assigneeId', 'IS', null), cmp('assigneeId', 'IN', assignees)));
  else if (f.unassigned) q = q.where('assigneeId', 'IS', null);
  else if (assignees.length) q = q.where('assigneeId', 'IN', assignees);
  if (f.channelIds?.length) q = q.where('channelId', 'IN', f.channelIds);
  if (f.direction) q = q.where('lastMessageDirection', f.direction);
  if (f.lastMessageFrom !== undefined) q = q.where('lastMessageAt', '>=', f.lastMessageFrom);
  if (f.lastMessageTo !== undefined) q = q.where('lastMessageAt', '<=', f.lastMessageTo);
  if (f.createdFrom !== undefined) q = q.where('createdAt', '>=', f.createdFrom);
  if (f.createdTo !== undefined) q = q.where('createdAt', '<=', f.createdTo);

  const term = args.search?.trim();
  if (term) {
    const columns = args.searchColumns?.length ? args.searchColumns : SEARCHABLE_COLUMNS;
    const like = `%${escapeLike(term)}%`;
    const asNumber = /^\d{1,15}$/.test(term) ? Number(term) : undefined;
    // Only the number column chosen and a non-numeric term: nothing can match.
    if (columns.length === 1 && columns[0] === 'number' && asNumber === undefined) {
      return q.where('id', 'IS', null).limit(args.limit);
    }
    q = q.where(({ cmp, or }) =>
      or(
        ...columns.flatMap((col) => {
          switch (col) {
            case 'participant':
              return [cmp('participantName', 'ILIKE', like), cmp('participantPhone', 'ILIKE', like)];
            case 'number':
              return asNumber === undefined ? [] : [cmp('number', asNumber)];
            case 'businessNumber':
              return [cmp('businessNumber', 'ILIKE', like)];
            case 'lastMessage':
              return [cmp('lastMessagePreview', 'ILIKE', like)];
            case 'operator':
              return [cmp('lastOperatorName', 'ILIKE', like)];
            default:
              return [];
          }
        }),
      ),
    );
  }
  // Backward pages read the same order reversed, starting just before the cursor.
  const flip = { asc: 'desc', desc: 'asc' } as const;
  const dir = args.page === 'backward' ? flip[args.dir] : args.dir;
  q = q.orderBy(args.sort, dir);
  if (args.sort !== 'number') q = q.orderBy('id', dir);
  if (args.start) {
    q = q.start({ id: args.start.id, [args.sort]: args.start.value } as Parameters<typeof q.start>[0], {
      inclusive: false,
    });
  }
  return q.limit(args.limit);
}
