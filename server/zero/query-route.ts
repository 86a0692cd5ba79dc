import { mustGetQuery } from '@rocicorp/zero';
import { handleQueryRequest } from '@rocicorp/zero/server';
import { Hono } from 'hono';
import { queries } from '../../schema/queries.ts';
import { schema } from '../../schema/schema.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { zeroContextFor } from './zero-context.ts';

/** zero-cache forwards each synced query here (with the operator's cookie) to get its server-side ZQL. */
export function zeroQueryRoute(deps: AppDeps) {
  return new Hono<AppBindings>().post('/api/zero/query', async (c) => {
    const op = c.get('operator');
    if (!op) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    const ctx = await zeroContextFor(deps.pool, op);
    const result = await handleQueryRequest({
      handler: (name, args) => mustGetQuery(queries, name).fn({ args, ctx }),
      schema,
      request: c.req.raw,
      userID: ctx.userID,
    });
    return c.json(result);
  });
}
