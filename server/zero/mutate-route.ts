import { getMutator } from '@rocicorp/zero';
import { handleMutateRequest, isApplicationError } from '@rocicorp/zero/server';
import { zeroNodePg } from '@rocicorp/zero/server/adapters/pg';
import { Hono } from 'hono';
import { mutationError } from '../../schema/mutators/mutation-error.ts';
import { schema } from '../../schema/schema.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { cleanJson, RISKY_JSON_ESCAPE } from '../http/storable-text.ts';
import { clientGroupOwners } from './client-group-owner.ts';
import { serverMutators } from './server-mutators.ts';
import { zeroContextFor } from './zero-context.ts';

/** zero-cache's upstream schema (app id `zero`, shard 0): the only one a push may name. */
export const ZERO_UPSTREAM_SCHEMA = 'zero_0';

type PushBody = { clientGroupID?: unknown; mutations?: { args?: unknown }[] };

/** Whether every mutation's own client group (cleanups name one in their args) is the push's. */
function namesOnlyItsGroup(body: PushBody, group: string): boolean {
  if (!Array.isArray(body.mutations)) return true;
  return body.mutations.every((m) => {
    const arg = Array.isArray(m?.args) ? m.args[0] : undefined;
    const named =
      arg && typeof arg === 'object' ? (arg as { clientGroupID?: unknown }).clientGroupID : undefined;
    return named === undefined || named === group;
  });
}

/**
 * A mutator's failure as the client sees it: its own ApplicationError (a stable details.code and a
 * message for people) as is, invalid arguments as `invalid`, anything else (a Postgres error, a bug) as
 * `internal` with its details in the log only.
 */
function toClientError(deps: AppDeps, name: string, operatorId: string, err: unknown): Error {
  if (isApplicationError(err)) return err;
  const e = err as Error;
  if (e?.name === 'InputValidationError') return mutationError('invalid', e.message);
  deps.log('error', 'mutation failed', { mutator: name, operatorId, error: e?.message, stack: e?.stack });
  return mutationError('internal', 'Something went wrong on our side; it has been logged.');
}

/** zero-cache pushes custom mutations here; each runs authoritatively in one Postgres transaction. */
export function zeroMutateRoute(deps: AppDeps) {
  const dbProvider = zeroNodePg(schema, deps.pool);
  const mutators = serverMutators(deps);
  const bindClientGroup = clientGroupOwners(deps.pool);
  return new Hono<AppBindings>().post('/api/zero/mutate', async (c) => {
    const op = c.get('operator');
    if (!op) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    const query = c.req.query();
    if (query.schema !== ZERO_UPSTREAM_SCHEMA)
      return apiError(c, 400, 'invalid_request', 'Unknown upstream schema.');
    const text = await c.req.text();
    let body: PushBody;
    try {
      body = JSON.parse(text) as PushBody;
    } catch {
      return apiError(c, 400, 'invalid_request', 'The push body is not JSON.');
    }
    if (!body || typeof body !== 'object' || typeof body.clientGroupID !== 'string')
      return apiError(c, 400, 'invalid_request', 'The push body has no client group.');
    // A client group is its first pusher's: another operator can neither advance its mutation ids nor
    // touch its results (zero-cache alone pins groups to a user only while it runs).
    const group = body.clientGroupID;
    // The module switch is read meanwhile: a push waits for one round trip before its transaction, not two.
    const [owned, ctx] = await Promise.all([
      namesOnlyItsGroup(body, group) && bindClientGroup(group, op.operatorId),
      zeroContextFor(deps.pool, op),
    ]);
    if (!owned) {
      deps.log('warn', 'push for another operator’s client group refused', { operatorId: op.operatorId });
      return apiError(c, 403, 'forbidden', 'That client belongs to another session’s operator.');
    }
    // Postgres refuses U+0000 and unpaired surrogates in text: such characters are replaced, as in webhooks.
    const jsonBody = RISKY_JSON_ESCAPE.test(text) ? cleanJson(body) : body;
    const result = await handleMutateRequest({
      dbProvider,
      handler: (transact) =>
        transact(async (tx, name, args) => {
          const mutator = getMutator(mutators, name);
          if (!mutator) throw mutationError('invalid', 'Unknown change.');
          try {
            await mutator.fn({ tx, args, ctx });
          } catch (err) {
            throw toClientError(deps, name, op.operatorId, err);
          }
        }),
      body: jsonBody as never,
      query,
      userID: ctx.userID,
    });
    if (
      'kind' in result &&
      result.kind === 'PushFailed' &&
      (result.reason === 'database' || result.reason === 'internal')
    ) {
      // Database and internal failures (zero-cache retries them): the details go to the log only.
      deps.log('error', 'push failed', {
        operatorId: op.operatorId,
        reason: result.reason,
        error: result.message,
      });
      const { details: _logged, ...rest } = result;
      return c.json({ ...rest, message: 'The change could not be applied; it will be retried.' });
    }
    return c.json(result);
  });
}
