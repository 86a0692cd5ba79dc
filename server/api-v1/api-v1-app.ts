import { randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { isApplicationError } from '@rocicorp/zero/server';
import { zeroNodePg } from '@rocicorp/zero/server/adapters/pg';
import { Scalar } from '@scalar/hono-api-reference';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { JSONValue } from 'hono/utils/types';
import type { ZeroContext } from '../../schema/context.ts';
import {
  applyConversationList,
  type ConversationFilter,
  ConversationListArgs,
  conversationCursor,
  SEARCHABLE_COLUMNS,
  type SearchableColumn,
} from '../../schema/conversation-filter.ts';
import { visibleConversations, visibleMessages } from '../../schema/queries.ts';
import { schema, zql } from '../../schema/schema.ts';
import { apiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/app-context.ts';
import { zeroContextFor } from '../zero/zero-context.ts';
import {
  ConversationListQuery,
  ConversationSchema,
  CreateRequestBody,
  ErrorSchema,
  MessageListQuery,
  MessageSchema,
  OperatorSchema,
  page,
  RequestSchema,
  SendMessageBody,
} from './api-schemas.ts';
import { type ApiCaller, authenticateApiToken } from './api-tokens.ts';
import { toApiConversation, toApiMessage, toApiOperator, toApiRequest } from './api-views.ts';
import { type ApiPorts, defaultPorts } from './ports.ts';
import { createRateLimiter } from './rate-limit.ts';

type ApiEnv = { Variables: { caller: ApiCaller; ctx: ZeroContext } };

const REQUESTS_PER_MINUTE = 600;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});
const commonErrors = {
  400: errorResponse('The request is invalid (details.issues / details.fields say where).'),
  401: errorResponse('Missing, unknown or revoked API token.'),
  403: errorResponse('The token’s operator may not do this (role, permission, or the Chats module is off).'),
  404: errorResponse('Not found, or not visible to the token’s operator.'),
  409: errorResponse('Conflicts with the current state (window_closed, channel_broken, conflict).'),
  429: errorResponse('Too many requests for this token; see Retry-After.'),
};
const security = [{ Bearer: [] }];

const ConversationIdParam = z.object({
  conversationId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'conversationId', in: 'path' } }),
});
const MessageIdParam = z.object({
  messageId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'messageId', in: 'path' } }),
});

type ErrorStatus = 400 | 403 | 404 | 409 | 500;
type ErrorBody = { error: { code: string; message: string; details?: JSONValue } };

/** The one error shape, typed for the routes' declared responses. */
function jsonError<S extends ErrorStatus>(
  c: Context,
  status: S,
  code: string,
  message: string,
  details?: JSONValue,
) {
  const body: ErrorBody = { error: { code, message } };
  if (details !== undefined) body.error.details = details;
  return c.json(body, status);
}

/** Zero mutator errors (details.code) as HTTP: one mapping for every write route. */
const APP_ERROR_STATUS: Record<string, [400 | 403 | 404 | 409, string]> = {
  forbidden: [403, 'forbidden'],
  not_found: [404, 'not_found'],
  invalid: [400, 'invalid_request'],
  window_closed: [409, 'window_closed'],
  module_disabled: [403, 'module_disabled'],
  channel_broken: [409, 'channel_broken'],
};

function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
function decodeCursor<T extends z.ZodType>(raw: string, s: T): z.output<T> | null {
  try {
    const parsed = s.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
const ConversationCursorToken = z.object({
  s: z.string(),
  o: z.enum(['asc', 'desc']),
  id: z.string().min(1).max(64),
  v: z.union([z.string().max(500), z.number(), z.boolean()]).nullable(),
});
const MessageCursorToken = z.object({
  o: z.enum(['asc', 'desc']),
  id: z.string().min(1).max(64),
  at: z.number(),
  /** Arrival order of the last row (ties of Meta's whole-second timestamps). */
  ar: z.number().nullable().default(null),
});

const splitList = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

/**
 * `/api/v1`: the public REST API for integrations. Bearer API tokens act as an operator, so the very
 * rules of the UI apply: the same visibility queries (module switch, channel scope), the same write
 * paths as the Zero mutators (read-only, template permission, 24-hour window), one error shape.
 */
export function apiV1App(deps: AppDeps, ports: ApiPorts = defaultPorts) {
  const zdb = zeroNodePg(schema, deps.pool);
  const limiter = createRateLimiter(REQUESTS_PER_MINUTE, 60_000);
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return apiError(c, 400, 'invalid_request', 'The request is invalid.', {
          issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
    },
  }).basePath('/api/v1');

  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token created by an administrator in Global Settings > API tokens.',
  });

  app.use(
    '*',
    bodyLimit({ maxSize: 256 * 1024, onError: (c) => apiError(c, 413, 'too_large', 'Body too large.') }),
  );
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });
  app.use('*', async (c, next) => {
    const path = c.req.path;
    if (path === '/api/v1/openapi.json' || path === '/api/v1/docs' || path === '/api/v1/docs/') return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      c.header('WWW-Authenticate', 'Bearer realm="cdesk"');
      return apiError(c, 401, 'unauthenticated', 'Send an API token: Authorization: Bearer <token>.');
    }
    const caller = await authenticateApiToken(deps.pool, match[1]);
    if (!caller) {
      c.header('WWW-Authenticate', 'Bearer realm="cdesk", error="invalid_token"');
      return apiError(c, 401, 'invalid_token', 'This API token is unknown or was revoked.');
    }
    const taken = limiter.take(caller.tokenId);
    if (!taken.ok) {
      c.header('Retry-After', String(taken.retryAfterSec));
      return apiError(
        c,
        429,
        'rate_limited',
        `More than ${REQUESTS_PER_MINUTE} requests a minute for this token.`,
      );
    }
    c.set('caller', caller);
    c.set(
      'ctx',
      await zeroContextFor(deps.pool, {
        sessionId: `api-token:${caller.tokenId}`,
        operatorId: caller.operatorId,
        name: caller.name,
        email: '',
        role: caller.role,
        canSendTemplates: caller.canSendTemplates,
        channelScope: caller.channelScope,
      }),
    );
    return next();
  });

  const fail = (c: Context, err: unknown) => {
    if (isApplicationError(err)) {
      const code = (err.details as { code?: string } | undefined)?.code ?? 'invalid';
      const [status, apiCode] = APP_ERROR_STATUS[code] ?? [400, code];
      return jsonError(c, status, apiCode, err.message);
    }
    throw err;
  };

  const visibleConversation = (ctx: ZeroContext, conversationId: string) =>
    zdb.run(visibleConversations(ctx).where('id', conversationId).one());

  // ---- conversations ----

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
      const ctx = c.get('ctx');
      let start: { id: string; value: string | number | boolean | null } | null = null;
      if (q.cursor) {
        const cur = decodeCursor(q.cursor, ConversationCursorToken);
        if (!cur || cur.s !== q.sort || cur.o !== q.order) {
          return jsonError(c, 400, 'invalid_cursor', 'That cursor does not belong to this sort order.');
        }
        start = { id: cur.id, value: cur.v };
      }
      const searchIn = splitList(q.searchIn);
      const badColumn = searchIn?.find((s) => !(SEARCHABLE_COLUMNS as readonly string[]).includes(s));
      if (badColumn) return jsonError(c, 400, 'invalid_request', `Cannot search in "${badColumn}".`);
      const filter: ConversationFilter = {
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
      const args = ConversationListArgs.safeParse({
        search: q.q,
        searchColumns: searchIn as SearchableColumn[] | undefined,
        filter,
        sort: q.sort,
        dir: q.order,
        start,
        limit: q.limit + 1,
      });
      if (!args.success) {
        return jsonError(c, 400, 'invalid_request', 'The filters are invalid.', {
          issues: args.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
      const rows = await zdb.run(applyConversationList(visibleConversations(ctx), args.data));
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
      const conv = await visibleConversation(c.get('ctx'), c.req.valid('param').conversationId);
      if (!conv) return jsonError(c, 404, 'not_found', 'That conversation does not exist.');
      return c.json({ data: toApiConversation(conv) }, 200);
    },
  );

  // ---- messages ----

  app.openapi(
    createRoute({
      method: 'get',
      path: '/conversations/{conversationId}/messages',
      tags: ['Messages'],
      summary: 'List the messages of a conversation',
      security,
      request: { params: ConversationIdParam, query: MessageListQuery },
      responses: {
        ...commonErrors,
        200: {
          description: 'A page of messages.',
          content: { 'application/json': { schema: page(MessageSchema) } },
        },
        404: errorResponse('No such conversation, or not visible to the token’s operator.'),
      },
    }),
    async (c) => {
      const { conversationId } = c.req.valid('param');
      const q = c.req.valid('query');
      const ctx = c.get('ctx');
      if (!(await visibleConversation(ctx, conversationId))) {
        return jsonError(c, 404, 'not_found', 'That conversation does not exist.');
      }
      let query = visibleMessages(ctx)
        .where('conversationId', conversationId)
        .related('attachment')
        .related('reactions')
        .orderBy('createdAt', q.order)
        .orderBy('arrival', q.order)
        .orderBy('id', q.order);
      if (q.cursor) {
        const cur = decodeCursor(q.cursor, MessageCursorToken);
        if (!cur || cur.o !== q.order)
          return jsonError(c, 400, 'invalid_cursor', 'That cursor does not belong to this order.');
        query = query.start({ id: cur.id, createdAt: cur.at, arrival: cur.ar }, { inclusive: false });
      }
      const rows = await zdb.run(query.limit(q.limit + 1));
      const pageRows = rows.slice(0, q.limit);
      const last = pageRows[pageRows.length - 1];
      const nextCursor =
        rows.length > q.limit && last
          ? encodeCursor({ o: q.order, id: last.id, at: last.createdAt, ar: last.arrival ?? null })
          : null;
      return c.json({ data: pageRows.map(toApiMessage), nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/conversations/{conversationId}/messages',
      tags: ['Messages'],
      summary: 'Send a text or a template',
      description:
        'Queues a WhatsApp message through the outbox, exactly like an operator’s reply: a text only within 24 hours of the customer’s last message (else 409 window_closed: send an approved template), a template only when the operator may send templates. Returns at once with status `pending`; delivery then moves it to sent, delivered, read or failed. Retrying with the same `id` sends once.',
      security,
      request: {
        params: ConversationIdParam,
        body: { required: true, content: { 'application/json': { schema: SendMessageBody } } },
      },
      responses: {
        ...commonErrors,
        202: {
          description: 'Queued.',
          content: { 'application/json': { schema: z.object({ data: MessageSchema }) } },
        },
        404: errorResponse('No such conversation (or message to reply to), or not visible.'),
        409: errorResponse('window_closed (send a template) or channel_broken.'),
      },
    }),
    async (c) => {
      const { conversationId } = c.req.valid('param');
      const body = c.req.valid('json');
      const ctx = c.get('ctx');
      if (!(await visibleConversation(ctx, conversationId))) {
        return jsonError(c, 404, 'not_found', 'That conversation does not exist.');
      }
      const messageId = body.id ?? randomUUID();
      const options = { timeZone: deps.env.TIME_ZONE };
      try {
        if (body.type === 'text') {
          await ports.sendText(
            deps.pool,
            ctx,
            {
              id: messageId,
              conversationId,
              body: body.text,
              replyToMessageId: body.replyToMessageId ?? null,
            },
            options,
          );
        } else {
          let templateId: string;
          if ('id' in body.template) {
            templateId = body.template.id;
          } else {
            const { rows } = await deps.pool.query<{ id: string }>(
              `SELECT t.id FROM whatsapp_template t
                 JOIN channel ch ON ch.waba_id = t.waba_id
                 JOIN conversation cv ON cv.channel_id = ch.id
                WHERE cv.id = $1 AND t.name = $2 AND t.language = $3`,
              [conversationId, body.template.name, body.template.language],
            );
            const found = rows[0];
            if (!found) {
              return jsonError(
                c,
                400,
                'template_not_found',
                `No template "${body.template.name}" (${body.template.language}) for this business number.`,
              );
            }
            templateId = found.id;
          }
          await ports.sendTemplate(
            deps.pool,
            ctx,
            {
              id: messageId,
              conversationId,
              templateId,
              params: body.params ?? [],
              ...(body.headerParams ? { headerParams: body.headerParams } : {}),
              ...(body.headerMedia ? { headerMedia: body.headerMedia } : {}),
            },
            options,
          );
        }
      } catch (err) {
        return fail(c, err);
      }
      const message = await zdb.run(
        visibleMessages(ctx).where('id', messageId).related('attachment').related('reactions').one(),
      );
      if (!message || message.conversationId !== conversationId) {
        return jsonError(c, 409, 'conflict', 'That message id is already used for another message.');
      }
      return c.json({ data: toApiMessage(message) }, 202);
    },
  );

  // ---- requests ----

  app.openapi(
    createRoute({
      method: 'post',
      path: '/messages/{messageId}/requests',
      tags: ['Requests'],
      summary: 'Create a request from a message',
      description:
        'Creates a support request (code REQ-000123) from a chat message, as “New request” does in the conversation view; the description defaults to the message’s text.',
      security,
      request: {
        params: MessageIdParam,
        body: { required: true, content: { 'application/json': { schema: CreateRequestBody } } },
      },
      responses: {
        ...commonErrors,
        201: {
          description: 'Created.',
          content: { 'application/json': { schema: z.object({ data: RequestSchema }) } },
        },
        404: errorResponse('No such message, or not visible.'),
        409: errorResponse('The request id is already taken.'),
        500: errorResponse('Unexpected failure (logged).'),
      },
    }),
    async (c) => {
      const { messageId } = c.req.valid('param');
      const body = c.req.valid('json');
      const ctx = c.get('ctx');
      // Not visible reads as missing, as in the synced queries.
      const msg = await zdb.run(visibleMessages(ctx).where('id', messageId).one());
      if (!msg) return jsonError(c, 404, 'not_found', 'That message does not exist.');
      let created: { id: string };
      try {
        created = await ports.createRequestFromMessage(deps.pool, ctx, { messageId, ...body });
      } catch (err) {
        return fail(c, err);
      }
      const row = await zdb.run(zql.request.where('id', created.id).one());
      if (!row) return jsonError(c, 500, 'internal', 'The request was not created.');
      return c.json({ data: toApiRequest(row) }, 201);
    },
  );

  // ---- operators ----

  app.openapi(
    createRoute({
      method: 'get',
      path: '/operators',
      tags: ['Operators'],
      summary: 'List operators',
      description: 'Operators with their role, permissions and login status (online / away / offline).',
      security,
      responses: {
        ...commonErrors,
        200: {
          description: 'Every operator.',
          content: { 'application/json': { schema: z.object({ data: z.array(OperatorSchema) }) } },
        },
      },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      if (!ctx.chatsEnabled && ctx.role !== 'admin') {
        return jsonError(c, 403, 'module_disabled', 'The Chats module is switched off.');
      }
      const rows = await zdb.run(zql.operator.orderBy('name', 'asc').orderBy('id', 'asc'));
      return c.json({ data: rows.map(toApiOperator) }, 200);
    },
  );

  app.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'CDESK Chats API',
      version: '1.0.0',
      description:
        'Conversations, messages and requests of the CDESK Chats (WhatsApp) module. Authenticate with `Authorization: Bearer <API token>`; tokens are created by administrators in Global Settings > API tokens and act with the permissions of their operator. Errors always have the shape `{"error":{"code","message","details?"}}`.',
    },
    servers: [{ url: deps.env.PUBLIC_URL ?? new URL(c.req.url).origin }],
  }));
  app.get('/docs', Scalar({ url: '/api/v1/openapi.json', pageTitle: 'CDESK Chats API' }));
  app.all('*', (c) => apiError(c, 404, 'not_found', `No route ${c.req.method} ${c.req.path}.`));
  app.onError((err, c) => {
    deps.log('error', 'api v1 error', { path: c.req.path, error: err.message, stack: err.stack });
    return apiError(c, 500, 'internal', 'Something went wrong on our side; it has been logged.');
  });
  return app;
}

function pickCursor(c: { id: string; value: unknown }) {
  return { id: c.id, v: c.value as string | number | boolean | null };
}
