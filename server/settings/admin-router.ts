import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { requireAdmin, sessionMiddleware } from '../auth/session-middleware.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';

/**
 * A router for admin-only JSON routes under `basePath`. Capability routes are mounted before the app's
 * own /api middleware, so this applies the session, the admin check, a small body limit and no-store
 * itself, scoped to its own paths.
 */
export function adminRouter(deps: AppDeps, basePath: string) {
  const r = new Hono<AppBindings>().basePath(basePath);
  r.use(
    '*',
    bodyLimit({ maxSize: 64 * 1024, onError: (c) => apiError(c, 413, 'too_large', 'Body too large.') }),
  );
  r.use('*', sessionMiddleware(deps));
  r.use('*', requireAdmin);
  r.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  return r;
}

/** Field path → first message, as details of a 400. */
export function issuesByField(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

/** Parses the JSON body with a zod schema; on failure, the one error shape with per-field messages. */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<Parsed<z.output<S>>> {
  const raw = await c.req.json().catch(() => undefined);
  if (raw === undefined) {
    return { ok: false, response: apiError(c, 400, 'invalid_request', 'Send a JSON body.') };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      response: apiError(c, 400, 'invalid_request', 'Some fields need attention.', {
        fields: issuesByField(parsed.error),
      }),
    };
  }
  return { ok: true, data: parsed.data };
}

/** Postgres unique violation (23505), e.g. a phone number id or an email already taken. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
