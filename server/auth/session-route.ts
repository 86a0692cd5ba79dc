import { Hono } from 'hono';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';

/** The signed-in operator and where to reach zero-cache; the client builds its Zero context from this. */
export function sessionRoute(deps: AppDeps) {
  return new Hono<AppBindings>().get('/api/auth/session', (c) => {
    const op = c.get('operator');
    if (!op) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    return c.json({
      operator: {
        id: op.operatorId,
        name: op.name,
        email: op.email,
        role: op.role,
        canSendTemplates: op.canSendTemplates,
        channelScope: op.channelScope,
      },
      zero: { url: deps.env.ZERO_PUBLIC_URL ?? null, port: deps.env.ZERO_PORT },
      licence: { chats: deps.env.LICENSE_CHATS },
      timeZone: deps.env.TIME_ZONE,
    });
  });
}
