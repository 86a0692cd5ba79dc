import { createRoute, z } from '@hono/zod-openapi';
import {
  applyConversationList,
  type ConversationFilter,
  ConversationListArgs,
  conversationCursor,
  SEARCHABLE_COLUMNS,
  type SearchableColumn,
  type SortableColumn,
} from '../../schema/conversation-filter.ts';
import { visibleConversations } from '../../schema/queries.ts';
import { schema } from '../../schema/schema.ts';
import {
  type ApiApp,
  type ApiRouteDeps,
  commonErrors,
  cursorNumber,
  decodeCursor,
  encodeCursor,
  errorResponse,
  jsonError,
  security,
  visibleConversation,
} from './api-route-kit.ts';
import { ConversationListQuery, ConversationSchema, page } from './api-schemas.ts';
import { toApiConversation } from './api-views.ts';

export const ConversationIdParam = z.object({
  conversationId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'conversationId', in: 'path' } }),
});

const ConversationCursorToken = z.object({
  s: z.string(),
  o: z.enum(['asc', 'desc']),
  id: z.string().min(1).max(64),
  v: z.union([z.string().max(500), z.number(), z.boolean()]).nullable(),
});

type ListQuery = z.output<typeof ConversationListQuery>;
type ListArgs =
  | { ok: true; args: z.output<typeof ConversationListArgs> }
  | { ok: false; code: string; message: string; details?: { issues: { path: string; message: string }[] } };

const splitList = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

/** The query string as the Chats table's filter (the very list the UI's synced query applies). */
function filterFrom(q: ListQuery): ConversationFilter {
  return {
    ...(q.status ? { statuses: splitList(q.status) as ConversationFilter['statuses'] } : {}),
    ...(q.awaitingReply ? { awaitingReply: q.awaitingReply === 'true' } : {}),
    ...(q.unread === 'true' ? { unreadOnly: true } : {}),
    ...(q.operatorId ? { operatorIds: splitList(q.operatorId) } : {}),
    ...(q.channelId ? { channelIds: splitList(q.channelId) } : {}),
    ...(q.direction ? { direction: q.direction } : {}),
    ...(q.lastMessageAfter ? { lastMessageFrom: ms(q.lastMessageAfter) } : {}),
    ...(q.lastMessageBefore ? { lastMessageTo: ms(q.lastMessageBefore) } : {}),
    ...(q.createdAfter ? { createdFrom: ms(q.createdAfter) } : {}),
    ...(q.createdBefore ? { createdTo: ms(q.createdBefore) } : {}),
  };
}

/** Whether a cursor's value has the sort column's type (a forged one would fail the query in Postgres). */
function fitsSortColumn(sort: SortableColumn, v: unknown): boolean {
  if (v === null) return true;
  const type = schema.tables.conversation.columns[sort].type;
  return type === 'number' ? cursorNumber.safeParse(v).success : typeof v === type;
}

/** Cursor, search columns and filters checked and turned into the shared list arguments (one extra row tells whether a next page exists). */
function listArgsFrom(q: ListQuery): ListArgs {
  let start: { id: string; value: string | number | boolean | null } | null = null;
  if (q.cursor) {
    const cur = decodeCursor(q.cursor, ConversationCursorToken);
    if (!cur || cur.s !== q.sort || cur.o !== q.order || !fitsSortColumn(q.sort, cur.v)) {
      return {
        ok: false,
        code: 'invalid_cursor',
        message: 'That cursor does not belong to this sort order.',
      };
    }
    start = { id: cur.id, value: cur.v };
  }
  const searchIn = splitList(q.searchIn);
  const badColumn = searchIn?.find((s) => !(SEARCHABLE_COLUMNS as readonly string[]).includes(s));
  if (badColumn) return { ok: false, code: 'invalid_request', message: `Cannot search in "${badColumn}".` };
  const args = ConversationListArgs.safeParse({
    search: q.q,
    searchColumns: searchIn as SearchableColumn[] | undefined,
    filter: filterFrom(q),
    sort: q.sort,
    dir: q.order,
    start,
    limit: q.limit + 1,
  });
  if (!args.success) {
    return {
      ok: false,
      code: 'invalid_request',
      message: 'The filters are invalid.',
      details: { issues: args.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    };
  }
  return { ok: true, args: args.data };
}

function pickCursor(c: { id: string; value: unknown }) {
  return { id: c.id, v: c.value as string | number | boolean | null };
}

/** GET /conversations (filtered, sorted, paged like the Chats table) and GET /conversations/{id}. */
export function registerConversationRoutes(app: ApiApp, r: ApiRouteDeps) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/conversations',
      tags: ['Conversations'],
      summary: 'List conversations',
      description:
        'Conversations the token’s operator may see, filtered and sorted like the Chats table. Pages with `limit` and the `nextCursor` of the previous page (keep the same filters and sort).',
      security,
      request: { query: ConversationListQuery },
      responses: {
        ...commonErrors,
        200: {
          description: 'A page of conversations.',
          content: { 'application/json': { schema: page(ConversationSchema) } },
        },
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const list = listArgsFrom(q);
      if (!list.ok) return jsonError(c, 400, list.code, list.message, list.details);
      const rows = await r.zdb.run(applyConversationList(visibleConversations(c.get('ctx')), list.args));
      const pageRows = rows.slice(0, q.limit);
      const last = pageRows[pageRows.length - 1];
      const nextCursor =
        rows.length > q.limit && last
          ? encodeCursor({ s: q.sort, o: q.order, ...pickCursor(conversationCursor(last, q.sort)) })
          : null;
      return c.json({ data: pageRows.map(toApiConversation), nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/conversations/{conversationId}',
      tags: ['Conversations'],
      summary: 'Get a conversation',
      security,
      request: { params: ConversationIdParam },
      responses: {
        ...commonErrors,
        200: {
          description: 'The conversation.',
          content: { 'application/json': { schema: z.object({ data: ConversationSchema }) } },
        },
        404: errorResponse('No such conversation, or not visible to the token’s operator.'),
      },
    }),
    async (c) => {
      const conv = await visibleConversation(r, c.get('ctx'), c.req.valid('param').conversationId);
      if (!conv) return jsonError(c, 404, 'not_found', 'That conversation does not exist.');
      return c.json({ data: toApiConversation(conv) }, 200);
    },
  );
}
