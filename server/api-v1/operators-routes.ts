import { createRoute, z } from '@hono/zod-openapi';
import { zql } from '../../schema/schema.ts';
import { type ApiApp, type ApiRouteDeps, commonErrors, jsonError, security } from './api-route-kit.ts';
import { OperatorSchema } from './api-schemas.ts';
import { toApiOperator } from './api-views.ts';

/** GET /operators: every operator with role, permissions and login status. */
export function registerOperatorRoutes(app: ApiApp, r: ApiRouteDeps) {
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
      const rows = await r.zdb.run(zql.operator.orderBy('name', 'asc').orderBy('id', 'asc'));
      return c.json({ data: rows.map(toApiOperator) }, 200);
    },
  );
}
