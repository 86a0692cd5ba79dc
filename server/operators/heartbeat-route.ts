import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type HeartbeatAnswer, HeartbeatBody } from '../../schema/heartbeat.ts';
import { sessionMiddleware } from '../auth/session-middleware.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { recordPresenceHeartbeat } from './record-presence-heartbeat.ts';
import { recordViewerHeartbeat } from './record-viewer-heartbeat.ts';

/**
 * POST /api/heartbeat: a signed-in browser's "still here", for the sweeps (presence-sweeper.ts) and the
 * session's idle limit (the session middleware touches it). Only private rows are written; a field whose
 * synced row does not say the same (an operator the sweep took offline, a viewer row it deleted) answers
 * false, and the browser says it through the Zero mutation, which checks permissions and writes the row.
 */
export function heartbeatRoute(deps: AppDeps) {
  const r = new Hono<AppBindings>();
  r.use(
    '/api/heartbeat',
    bodyLimit({ maxSize: 1024, onError: (c) => apiError(c, 413, 'too_large', 'Body too large.') }),
  );
  r.use('/api/heartbeat', sessionMiddleware(deps));
  return r.post('/api/heartbeat', async (c) => {
    const op = c.get('operator');
    if (!op) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    const body = HeartbeatBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success)
      return apiError(c, 400, 'invalid_request', 'Send {"presence": "online" | "away", "viewing": "<id>"}.');
    const { presence, viewing } = body.data;
    const answer: HeartbeatAnswer = {};
    if (presence) answer.presence = await recordPresenceHeartbeat(deps.pool, op.operatorId, presence);
    if (viewing) answer.viewing = await recordViewerHeartbeat(deps.pool, op.operatorId, viewing);
    c.header('Cache-Control', 'no-store');
    return c.json(answer);
  });
}
