import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { WebhookSecrets } from '../channels/webhook-secrets.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { readRawBody } from '../http/read-raw-body.ts';
import type { ApplyResult } from './apply-webhook-batch.ts';
import { handleWebhookPost } from './handle-webhook-post.ts';
import { createWebhookGroupCommit, type GroupCommitOptions } from './webhook-group-commit.ts';

/** Meta sends up to 3 MB; a margin on top, nothing more (the body is held in memory to be signed). */
export const WEBHOOK_MAX_BYTES = 3 * 1024 * 1024 + 512 * 1024;

export type WebhookRouteOptions = {
  secrets: WebhookSecrets;
  maxBytes?: number;
  onApplied?: (result: ApplyResult) => void;
  groupCommit?: GroupCommitOptions;
};

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * GET /webhooks/whatsapp: Meta's verification handshake. POST /webhooks/whatsapp: events, signed.
 * Mounted before the /api middlewares: it reads (and limits) the raw body itself.
 */
export function whatsappWebhookRoute(deps: AppDeps, options: WebhookRouteOptions) {
  const app = new Hono<AppBindings>();
  const maxBytes = options.maxBytes ?? WEBHOOK_MAX_BYTES;
  const groupCommit = createWebhookGroupCommit(deps.pool, {
    timeZone: deps.env.TIME_ZONE,
    ...options.groupCommit,
  });

  app.get('/webhooks/whatsapp', async (c) => {
    const mode = c.req.query('hub.mode');
    const token = c.req.query('hub.verify_token') ?? '';
    const challenge = c.req.query('hub.challenge') ?? '';
    let tokens: string[];
    try {
      tokens = await options.secrets.verifyTokens();
      if (token && !tokens.some((t) => sameSecret(t, token)) && (await options.secrets.refresh()))
        tokens = await options.secrets.verifyTokens();
    } catch (err) {
      deps.log('error', 'webhook verification: database unavailable', { error: (err as Error).message });
      return apiError(c, 503, 'unavailable', 'Try again shortly.');
    }
    const ok = mode === 'subscribe' && token !== '' && tokens.some((t) => sameSecret(t, token));
    // Meta's challenge is a number; never reflect anything else.
    if (!ok || !/^[\w.-]{1,200}$/.test(challenge)) {
      deps.log('warn', 'webhook verification refused', { mode, reason: ok ? 'bad_challenge' : 'bad_token' });
      return apiError(c, 403, 'forbidden', 'Verification failed.');
    }
    deps.log('info', 'webhook verified by Meta');
    c.header('Content-Type', 'text/plain; charset=utf-8');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(challenge, 200);
  });

  app.post('/webhooks/whatsapp', async (c) => {
    const body = await readRawBody(c.req.raw, maxBytes);
    if (!body.ok) {
      const tooLarge = body.reason === 'too_large';
      deps.log('warn', 'webhook rejected', { status: tooLarge ? 413 : 400, reason: body.reason });
      return tooLarge
        ? apiError(c, 413, 'too_large', `The body exceeds ${maxBytes} bytes.`)
        : apiError(c, 400, 'unreadable', 'The body could not be read.');
    }
    const answer = await handleWebhookPost(
      { pool: deps.pool, log: deps.log, secrets: options.secrets, groupCommit, onApplied: options.onApplied },
      body.bytes,
      c.req.header('x-hub-signature-256'),
    );
    if (answer.status === 200) return c.json({ ok: true, outcome: answer.reason }, 200);
    const messages: Record<string, string> = {
      missing_signature: 'X-Hub-Signature-256 is missing.',
      bad_signature: 'The signature does not match.',
      signed_by_another_app: "The body names a phone number of another Meta app's channel.",
      no_app_secret: 'No app secret is configured.',
      malformed_json: 'The body is not JSON.',
      not_a_whatsapp_payload: 'The body is not a WhatsApp Business Account payload.',
      database_unavailable: 'Temporarily unavailable; retry.',
    };
    return apiError(c, answer.status, answer.reason, messages[answer.reason] ?? answer.reason);
  });
  return app;
}
