import { createRoute, z } from '@hono/zod-openapi';
import { visibleMessages } from '../../schema/queries.ts';
import { zql } from '../../schema/schema.ts';
import {
  type ApiApp,
  type ApiRouteDeps,
  commonErrors,
  errorResponse,
  jsonError,
  mutationFailure,
  security,
} from './api-route-kit.ts';
import { CreateRequestBody, RequestSchema } from './api-schemas.ts';
import { toApiRequest } from './api-views.ts';

const MessageIdParam = z.object({
  messageId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'messageId', in: 'path' } }),
});

/** POST /messages/{id}/requests: a support request from a chat message. */
export function registerRequestRoutes(app: ApiApp, r: ApiRouteDeps) {
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
      const msg = await r.zdb.run(visibleMessages(ctx).where('id', messageId).one());
      if (!msg) return jsonError(c, 404, 'not_found', 'That message does not exist.');
      let created: { id: string };
      try {
        created = await r.ports.createRequestFromMessage(r.deps.pool, ctx, { messageId, ...body });
      } catch (err) {
        return mutationFailure(c, err);
      }
      const row = await r.zdb.run(zql.request.where('id', created.id).one());
      if (!row) return jsonError(c, 500, 'internal', 'The request was not created.');
      return c.json({ data: toApiRequest(row) }, 201);
    },
  );
}
