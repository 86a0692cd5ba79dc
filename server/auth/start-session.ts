import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { recordAudit } from '../audit/record-audit.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { secureCookies } from './secure-cookies.ts';
import { createSession, SESSION_COOKIE } from './session-store.ts';

/**
 * Signs an operator in on the browser that made this request: a new session, its audit line
 * ('auth.login', whether by password or by an invite link) and the session cookie. The one place the
 * cookie's flags are decided.
 */
export async function startSession(
  c: Context<AppBindings>,
  deps: AppDeps,
  operatorId: string,
): Promise<void> {
  const session = await createSession(deps.pool, operatorId, c.req.header('user-agent'));
  await recordAudit(deps.pool, {
    actorId: operatorId,
    action: 'auth.login',
    target: `operator:${operatorId}`,
  });
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookies(deps.env),
    path: '/',
    expires: session.expiresAt,
  });
}
