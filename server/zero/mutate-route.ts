import { mustGetMutator } from '@rocicorp/zero';
import { handleMutateRequest } from '@rocicorp/zero/server';
import { zeroNodePg } from '@rocicorp/zero/server/adapters/pg';
import { Hono } from 'hono';
import { schema } from '../../schema/schema.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { serverMutators } from './server-mutators.ts';
import { zeroContextFor } from './zero-context.ts';

/** zero-cache pushes custom mutations here; each runs authoritatively in one Postgres transaction. */
export function zeroMutateRoute(deps: AppDeps) {
  const dbProvider = zeroNodePg(schema, deps.pool);
  const mutators = serverMutators(deps);
  return new Hono<AppBindings>().post('/api/zero/mutate', async (c) => {
    const op = c.get('operator');
    if (!op) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    const ctx = await zeroContextFor(deps.pool, op);
    const result = await handleMutateRequest({
      dbProvider,
      handler: (transact) =>
        transact((tx, name, args) => mustGetMutator(mutators, name).fn({ tx, args, ctx })),
      request: c.req.raw,
      userID: ctx.userID,
    });
    return c.json(result);
  });
}
