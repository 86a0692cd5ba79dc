import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { ZeroContext } from '../../schema/context.ts';
import { visibleMessages } from '../../schema/queries.ts';
import {
  type ApiApp,
  type ApiRouteDeps,
  commonErrors,
  cursorNumber,
  decodeCursor,
  encodeCursor,
  errorResponse,
  jsonError,
  mutationFailure,
  security,
  visibleConversation,
} from './api-route-kit.ts';
import { MessageListQuery, MessageSchema, page, SendMessageBody } from './api-schemas.ts';
import { toApiMessage } from './api-views.ts';
import { ConversationIdParam } from './conversations-routes.ts';

const MessageCursorToken = z.object({
  o: z.enum(['asc', 'desc']),
  id: z.string().min(1).max(64),
  at: cursorNumber,
  /** Arrival order of the last row (ties of Meta's whole-second timestamps). */
  ar: cursorNumber.nullable().default(null),
});

type SendBody = z.output<typeof SendMessageBody>;
type TextBody = Extract<SendBody, { type: 'text' }>;
type TemplateBody = Extract<SendBody, { type: 'template' }>;
type TemplateRef = TemplateBody['template'];

/** A template named by name and language resolves within the conversation's business account (WABA). */
async function templateIdFor(
  r: ApiRouteDeps,
  conversationId: string,
  ref: TemplateRef,
): Promise<string | null> {
  if ('id' in ref) return ref.id;
  const { rows } = await r.deps.pool.query<{ id: string }>(
    `SELECT t.id FROM whatsapp_template t
       JOIN channel ch ON ch.waba_id = t.waba_id
       JOIN conversation cv ON cv.channel_id = ch.id
      WHERE cv.id = $1 AND t.name = $2 AND t.language = $3`,
    [conversationId, ref.name, ref.language],
  );
  return rows[0]?.id ?? null;
}

/** A text through the mutators' write path (read-only, 24-hour window, outbox). */
function queueText(r: ApiRouteDeps, ctx: ZeroContext, conversationId: string, id: string, body: TextBody) {
  return r.ports.sendText(
    r.deps.pool,
    ctx,
    { id, conversationId, body: body.text, replyToMessageId: body.replyToMessageId ?? null },
    { timeZone: r.deps.env.TIME_ZONE },
  );
}

/** A template through the mutators' write path (template permission, outbox). */
function queueTemplate(
  r: ApiRouteDeps,
  ctx: ZeroContext,
  conversationId: string,
  id: string,
  body: TemplateBody,
  templateId: string,
) {
  return r.ports.sendTemplate(
    r.deps.pool,
    ctx,
    {
      id,
      conversationId,
      templateId,
      params: body.params ?? [],
      ...(body.headerParams ? { headerParams: body.headerParams } : {}),
      ...(body.buttonParams ? { buttonParams: body.buttonParams } : {}),
      ...(body.headerMedia ? { headerMedia: body.headerMedia } : {}),
    },
    { timeZone: r.deps.env.TIME_ZONE },
  );
}

/** GET and POST /conversations/{id}/messages. */
export function registerMessageRoutes(app: ApiApp, r: ApiRouteDeps) {
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
      if (!(await visibleConversation(r, ctx, conversationId))) {
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
      const rows = await r.zdb.run(query.limit(q.limit + 1));
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
      if (!(await visibleConversation(r, ctx, conversationId))) {
        return jsonError(c, 404, 'not_found', 'That conversation does not exist.');
      }
      const messageId = body.id ?? randomUUID();
      try {
        if (body.type === 'text') await queueText(r, ctx, conversationId, messageId, body);
        else {
          const templateId = await templateIdFor(r, conversationId, body.template);
          if (!templateId) {
            const { name, language } = body.template as { name: string; language: string };
            return jsonError(
              c,
              400,
              'template_not_found',
              `No template "${name}" (${language}) for this business number.`,
            );
          }
          await queueTemplate(r, ctx, conversationId, messageId, body, templateId);
        }
      } catch (err) {
        return mutationFailure(c, err);
      }
      const message = await r.zdb.run(
        visibleMessages(ctx).where('id', messageId).related('attachment').related('reactions').one(),
      );
      if (!message || message.conversationId !== conversationId) {
        return jsonError(c, 409, 'conflict', 'That message id is already used for another message.');
      }
      return c.json({ data: toApiMessage(message) }, 202);
    },
  );
}
