import { z } from 'zod';
import { apiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/app-context.ts';
import { adminRouter } from '../settings/admin-router.ts';

const LoginQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  failedOnly: z.enum(['true', 'false']).default('false'),
});

/**
 * Sign-in attempts for the audit viewer (admins only). Successful sign-ins are audit_log entries
 * (synced through Zero's `audit.list`); every attempt, failures included, stays in private.login_attempt.
 */
export function auditRoutes(deps: AppDeps) {
  const r = adminRouter(deps, '/api/settings/audit');
  r.get('/logins', async (c) => {
    const parsed = LoginQuery.safeParse({
      limit: c.req.query('limit'),
      failedOnly: c.req.query('failedOnly'),
    });
    if (!parsed.success)
      return apiError(c, 400, 'invalid_request', 'limit is 1 to 500; failedOnly is true or false.');
    const q = parsed.data;
    const { rows } = await deps.pool.query<{
      id: number;
      email: string;
      ip: string | null;
      ok: boolean;
      reason: string | null;
      at: Date;
    }>(
      `SELECT id, email, ip, ok, reason, at FROM private.login_attempt
        WHERE ($2::boolean IS FALSE OR NOT ok) ORDER BY at DESC, id DESC LIMIT $1`,
      [q.limit, q.failedOnly === 'true'],
    );
    return c.json({
      attempts: rows.map((r) => ({
        id: r.id,
        email: r.email,
        ip: r.ip,
        ok: r.ok,
        reason: r.reason,
        at: r.at.getTime(),
      })),
    });
  });
  return r;
}
