import { setTimeout as sleep } from 'node:timers/promises';
import { Hono } from 'hono';
import { z } from 'zod';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { clientAddress } from '../http/client-address.ts';
import { loginThrottle, THROTTLE_WINDOW_MINUTES } from './login-throttle.ts';
import { verifyPassword } from './password.ts';
import { startSession } from './start-session.ts';

const LoginBody = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(500),
});

// A fixed hash so unknown emails cost the same time as wrong passwords (no account enumeration by timing).
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZHVtbXloYXNoZHVtbXloYXNoZHVtbXloYXNoZHVtbXk';

export function loginRoute(deps: AppDeps) {
  return new Hono<AppBindings>().post('/api/auth/login', async (c) => {
    const parsed = LoginBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return apiError(c, 400, 'invalid_request', 'Enter an email and a password.');
    const { email, password } = parsed.data;
    const ip = clientAddress(c, deps.env.TRUST_PROXY);

    const throttle = await loginThrottle(deps.pool, email, ip);
    if (throttle.refused) {
      await logAttempt(deps, email, ip, false, 'rate_limited');
      c.header('Retry-After', String(throttle.retryAfterSeconds));
      return apiError(
        c,
        429,
        'rate_limited',
        `Too many failed sign-ins from this address. Try again in ${THROTTLE_WINDOW_MINUTES} minutes.`,
      );
    }
    if (throttle.delayMs > 0) await sleep(throttle.delayMs);

    const { rows } = await deps.pool.query(
      `SELECT o.id, o.active, c.password_hash FROM operator o
         LEFT JOIN private.operator_credential c ON c.operator_id = o.id
        WHERE lower(o.email) = lower($1)`,
      [email],
    );
    const row = rows[0];
    const ok = await verifyPassword(row?.password_hash ?? DUMMY_HASH, password);
    if (!row || !ok || !row.active) {
      const reason = !row ? 'unknown_email' : !ok ? 'wrong_password' : 'inactive';
      await logAttempt(deps, email, ip, false, reason);
      deps.log('warn', 'login failed', { email, ip, reason });
      return apiError(c, 401, 'invalid_credentials', 'Wrong email or password.');
    }
    await logAttempt(deps, email, ip, true, null);
    await startSession(c, deps, row.id);
    return c.json({ ok: true });
  });
}

async function logAttempt(deps: AppDeps, email: string, ip: string, ok: boolean, reason: string | null) {
  await deps.pool.query('INSERT INTO private.login_attempt (email, ip, ok, reason) VALUES ($1, $2, $3, $4)', [
    email,
    ip,
    ok,
    reason,
  ]);
}
