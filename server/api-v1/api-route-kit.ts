import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { isApplicationError } from '@rocicorp/zero/server';
import type { zeroNodePg } from '@rocicorp/zero/server/adapters/pg';
import type { Context } from 'hono';
import type { JSONValue } from 'hono/utils/types';
import type { ZeroContext } from '../../schema/context.ts';
import { visibleConversations } from '../../schema/queries.ts';
import type { schema } from '../../schema/schema.ts';
import type { AppDeps } from '../http/app-context.ts';
import { hasUnstorableText } from '../http/storable-text.ts';
import { ErrorSchema } from './api-schemas.ts';
import type { ApiCaller } from './api-tokens.ts';
import type { ApiPorts } from './ports.ts';

export type ApiEnv = { Variables: { caller: ApiCaller; ctx: ZeroContext } };
// biome-ignore lint/complexity/noBannedTypes: Hono's own "no schema yet" type.
export type ApiApp = OpenAPIHono<ApiEnv, {}, '/api/v1'>;

/** What every resource's routes are built from. */
export type ApiRouteDeps = {
  deps: AppDeps;
  ports: ApiPorts;
  zdb: ReturnType<typeof zeroNodePg<typeof schema>>;
};

export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});
export const commonErrors = {
  400: errorResponse('The request is invalid (details.issues / details.fields say where).'),
  401: errorResponse('Missing, unknown or revoked API token.'),
  403: errorResponse('The token’s operator may not do this (role, permission, or the Chats module is off).'),
  404: errorResponse('Not found, or not visible to the token’s operator.'),
  409: errorResponse('Conflicts with the current state (window_closed, channel_broken, conflict).'),
  429: errorResponse('Too many requests for this token; see Retry-After.'),
};
export const security = [{ Bearer: [] }];

type ErrorStatus = 400 | 403 | 404 | 409 | 500;
type ErrorBody = { error: { code: string; message: string; details?: JSONValue } };

/** The one error shape, typed for the routes' declared responses. */
export function jsonError<S extends ErrorStatus>(
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
  limit_reached: [409, 'limit_reached'],
};

/** A mutator's ApplicationError as the API's error answer; anything else is a bug (500, logged). */
export function mutationFailure(c: Context, err: unknown) {
  if (isApplicationError(err)) {
    const code = (err.details as { code?: string } | undefined)?.code ?? 'invalid';
    const [status, apiCode] = APP_ERROR_STATUS[code] ?? [400, code];
    return jsonError(c, status, apiCode, err.message);
  }
  throw err;
}

export function visibleConversation(r: ApiRouteDeps, ctx: ZeroContext, conversationId: string) {
  return r.zdb.run(visibleConversations(ctx).where('id', conversationId).one());
}

/**
 * A position in a cursor: a timestamp in ms or a count. Whole, not negative, and no later than the last
 * moment a JavaScript Date holds (well inside Postgres' timestamp range), so it never fails a query.
 */
export const cursorNumber = z.number().int().min(0).max(8.64e15);

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
/** A cursor this API handed out, or null for anything else (then 400 invalid_cursor, never a failing query). */
export function decodeCursor<T extends z.ZodType>(raw: string, s: T): z.output<T> | null {
  try {
    const json: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (hasUnstorableText(json)) return null;
    const parsed = s.safeParse(json);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
