import { z } from 'zod';
import {
  accessToken as accessTokenField,
  CHANNEL_MODES,
  type ConnectionTestResult,
  graphUrlProblem,
  phoneNumberId as phoneNumberIdField,
  WhatsappLinkInput,
} from '../../schema/whatsapp-link.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { apiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/app-context.ts';
import { adminRouter, parseBody } from './admin-router.ts';
import { readChannelSecrets } from './channel-secrets.ts';
import { recordChannelHealth, testConnection } from './test-connection.ts';
import { channelBySlot, loadWhatsappLink, saveWhatsappLink } from './whatsapp-link-store.ts';

const TestBody = z.object({
  slot: z.union([z.literal(1), z.literal(2)]).default(1),
  /** Unsaved values from the form; anything absent is taken from what is stored. */
  draft: z
    .object({
      mode: z.enum(CHANNEL_MODES).optional(),
      graphUrl: z.string().trim().max(300).optional(),
      phoneNumberId: phoneNumberIdField.optional(),
      displayPhoneNumber: z.string().trim().max(30).optional(),
      wabaId: z.string().trim().max(25).optional(),
      accessToken: accessTokenField,
    })
    .default({}),
});

/**
 * Global Settings > Omnichannel > Chats: the WhatsApp Business link. Admins only. Secrets are
 * write-only: GET tells whether each is stored, never its value; the verify token, which the admin
 * must paste into Meta's dashboard, has its own explicit (audited) reveal.
 */
export function settingsRoutes(deps: AppDeps) {
  const r = adminRouter(deps, '/api/settings/whatsapp');
  const publicUrl = (url: string) => deps.env.PUBLIC_URL ?? new URL(url).origin;

  r.get('/', async (c) => c.json(await loadWhatsappLink(deps.pool, publicUrl(c.req.url))));

  r.put('/', async (c) => {
    const body = await parseBody(c, WhatsappLinkInput);
    if (!body.ok) return body.response;
    const op = c.get('operator');
    if (!op) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    const outcome = await saveWhatsappLink(deps.pool, deps.secretBox, op.operatorId, body.data);
    if (!outcome.ok) {
      return apiError(
        c,
        outcome.status,
        outcome.code,
        outcome.message,
        outcome.fields ? { fields: outcome.fields } : undefined,
      );
    }
    return c.json({
      ...(await loadWhatsappLink(deps.pool, publicUrl(c.req.url))),
      changed: outcome.changed,
      secretsReplaced: outcome.secretsReplaced,
    });
  });

  r.post('/test', async (c) => {
    const body = await parseBody(c, TestBody);
    if (!body.ok) return body.response;
    const { slot, draft } = body.data;
    const channel = await channelBySlot(deps.pool, slot);
    const mode = draft.mode ?? channel?.mode ?? 'meta';
    if (mode === 'simulator') {
      const result: ConnectionTestResult = {
        ok: true,
        health: 'ok',
        simulator: true,
        message: 'Simulator mode: the built-in WhatsApp simulator plays Meta, so there is nothing to reach.',
      };
      return c.json(result);
    }
    const stored = channel ? await readChannelSecrets(deps.pool, deps.secretBox, channel.id) : null;
    const graphUrl = (draft.graphUrl || channel?.graph_url || '').replace(/\/+$/, '');
    const phoneNumberId = draft.phoneNumberId ?? channel?.phone_number_id;
    const token = draft.accessToken ?? stored?.accessToken;
    const urlProblem = graphUrlProblem(graphUrl);
    if (urlProblem)
      return apiError(c, 400, 'invalid_request', urlProblem, { fields: { graphUrl: urlProblem } });
    if (!phoneNumberId) {
      const message = 'Enter the phone number ID first.';
      return apiError(c, 400, 'invalid_request', message, { fields: { [slotField(slot)]: message } });
    }
    if (!token) {
      const message = 'Enter the access token first.';
      return apiError(c, 400, 'invalid_request', message, { fields: { accessToken: message } });
    }
    const result = await testConnection({
      graphUrl,
      accessToken: token,
      phoneNumberId,
      wabaId: draft.wabaId ?? channel?.waba_id ?? '',
      ...(draft.displayPhoneNumber || channel
        ? { displayPhoneNumber: draft.displayPhoneNumber || channel?.display_phone_number }
        : {}),
    });
    // Only a test of what is saved says something about the channel's health.
    const testsSaved =
      channel !== null &&
      draft.accessToken === undefined &&
      phoneNumberId === channel.phone_number_id &&
      graphUrl === channel.graph_url &&
      channel.mode === 'meta';
    if (testsSaved) await recordChannelHealth(deps.pool, channel.id, result);
    return c.json({ ...result, recorded: testsSaved });
  });

  r.get('/verify-token', async (c) => {
    const channel = await channelBySlot(deps.pool, 1);
    const token = channel
      ? (await readChannelSecrets(deps.pool, deps.secretBox, channel.id)).verifyToken
      : null;
    if (!token) return apiError(c, 404, 'not_found', 'No verify token is saved yet.');
    await recordAudit(deps.pool, {
      actorId: c.get('operator')?.operatorId ?? null,
      action: 'settings.whatsapp.verify_token_revealed',
      target: `channel:${channel?.id}`,
    });
    return c.json({ verifyToken: token });
  });

  return r;
}

const slotField = (slot: 1 | 2) => (slot === 1 ? 'primary.phoneNumberId' : 'secondary.phoneNumberId');
