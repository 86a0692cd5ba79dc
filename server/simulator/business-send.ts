// POST /{phone-number-id}/messages as the Cloud API handles it: validation, the 24-hour window,
// templates, failures on demand, then the accepted answer and the status webhooks that follow.
import { z } from 'zod';
import {
  listTemplateVariables,
  renderTemplateText,
  type TemplateValues,
} from '../../schema/whatsapp/render-template.ts';
import { isServiceWindowOpen } from '../../schema/whatsapp/service-window.ts';
import { CAPTION_MAX_CHARS, FILENAME_MAX_CHARS, TEXT_MAX_CHARS } from '../../schema/whatsapp/text-limits.ts';
import type { ChannelConfig } from '../channels/channel-config.ts';
import { type MetaErrorInit, metaErrorBody, metaErrorStatus, webhookError } from './graph-errors.ts';
import { pickDelay } from './simulator-config.ts';
import type { SimulatorEngine } from './simulator-engine.ts';
import {
  consumeFailure,
  findCustomer,
  findMedia,
  findSimMessage,
  insertSimMessage,
  lastCustomerMessageAt,
  markReadByBusiness,
  newWamid,
  upsertCustomer,
} from './simulator-store.ts';

const mediaRef = z
  .looseObject({
    id: z.string().min(1).optional(),
    link: z.string().url().optional(),
    caption: z.string().max(CAPTION_MAX_CHARS).optional(),
    filename: z.string().max(FILENAME_MAX_CHARS).optional(),
  })
  .refine((m) => Boolean(m.id) !== Boolean(m.link), { message: 'give exactly one of id or link' });

const parameterSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  parameter_name: z.string().optional(),
});

const sendSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual').optional(),
  to: z.string().min(1).max(40),
  context: z.looseObject({ message_id: z.string().min(1) }).optional(),
  type: z
    .enum([
      'text',
      'template',
      'image',
      'video',
      'audio',
      'document',
      'sticker',
      'reaction',
      'location',
      'contacts',
      'interactive',
    ])
    .default('text'),
  text: z
    .looseObject({ body: z.string().min(1).max(TEXT_MAX_CHARS), preview_url: z.boolean().optional() })
    .optional(),
  template: z
    .looseObject({
      name: z.string().min(1),
      language: z.looseObject({ code: z.string().min(1), policy: z.literal('deterministic').optional() }),
      components: z
        .array(z.looseObject({ type: z.string(), parameters: z.array(parameterSchema).optional() }))
        .optional(),
    })
    .optional(),
  image: mediaRef.optional(),
  video: mediaRef.optional(),
  audio: mediaRef.optional(),
  document: mediaRef.optional(),
  sticker: mediaRef.optional(),
  reaction: z.looseObject({ message_id: z.string().min(1), emoji: z.string() }).optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  contacts: z.array(z.unknown()).optional(),
  interactive: z.looseObject({ type: z.string() }).optional(),
});

const readSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  status: z.literal('read'),
  message_id: z.string().min(1),
  typing_indicator: z.looseObject({ type: z.literal('text') }).optional(),
});

export type GraphAnswer = { status: number; body: unknown; delayMs?: number };

const fail = (init: MetaErrorInit): GraphAnswer => ({
  status: metaErrorStatus(init),
  body: metaErrorBody(init),
});

function zodDetails(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid body';
}

/** Graph components → the values the template renderer takes. */
function templateValues(
  components: { type: string; parameters?: { type: string; text?: string; parameter_name?: string }[] }[],
) {
  const values: TemplateValues = {};
  for (const c of components) {
    const part = c.type.toLowerCase();
    if (part !== 'header' && part !== 'body') continue;
    const texts = (c.parameters ?? []).filter((p) => p.type === 'text');
    const named = texts.every((p) => p.parameter_name);
    const value =
      named && texts.length > 0
        ? Object.fromEntries(texts.map((p) => [p.parameter_name as string, p.text ?? '']))
        : texts.map((p) => p.text ?? '');
    if (part === 'header') values.header = value;
    else values.body = value;
  }
  return values;
}

function statusEvent(
  wamid: string,
  waId: string,
  status: string,
  at: number,
  extra: Record<string, unknown> = {},
) {
  return { id: wamid, status, timestamp: String(Math.floor(at / 1000)), recipient_id: waId, ...extra };
}

/**
 * Schedules what Meta reports after accepting a message: sent, delivered (and read when customers
 * read by themselves), or failed, with the configured delays, sometimes out of order.
 */
function scheduleStatuses(
  engine: SimulatorEngine,
  channel: ChannelConfig,
  wamid: string,
  waId: string,
  outcome: { failure: MetaErrorInit | null; category: string },
) {
  const { config, random, dispatcher } = engine;
  const now = Date.now();
  const pricing = { billable: true, pricing_model: 'PMP', category: outcome.category, type: 'regular' };
  const sentDelay = pickDelay(config.sentDelayMs, random);
  if (outcome.failure) {
    dispatcher.schedule(
      {
        kind: 'status',
        phoneNumberId: channel.phoneNumberId,
        status: statusEvent(wamid, waId, 'failed', now + sentDelay, {
          errors: [webhookError(outcome.failure)],
        }),
      },
      sentDelay,
    );
    return;
  }
  const deliveredDelay = sentDelay + pickDelay(config.deliveredDelayMs, random);
  const readDelay = config.autoReadDelayMs
    ? deliveredDelay + pickDelay(config.autoReadDelayMs, random)
    : null;
  const times = { sent: sentDelay, delivered: deliveredDelay, read: readDelay };
  // Out of order now and then: the webhook for a later status goes out first (timestamps stay true).
  const sendAt = { ...times };
  if (random() < config.reorderRate) {
    if (readDelay !== null && random() < 0.5) [sendAt.delivered, sendAt.read] = [readDelay, deliveredDelay];
    else [sendAt.sent, sendAt.delivered] = [deliveredDelay, sentDelay];
  }
  const conversation = { id: `sim${wamid.slice(-12)}`, origin: { type: outcome.category } };
  dispatcher.schedule(
    {
      kind: 'status',
      phoneNumberId: channel.phoneNumberId,
      status: statusEvent(wamid, waId, 'sent', now + times.sent, { conversation, pricing }),
    },
    sendAt.sent,
  );
  dispatcher.schedule(
    {
      kind: 'status',
      phoneNumberId: channel.phoneNumberId,
      status: statusEvent(wamid, waId, 'delivered', now + times.delivered, { conversation, pricing }),
    },
    sendAt.delivered,
  );
  if (times.read !== null && sendAt.read !== null) {
    dispatcher.schedule(
      {
        kind: 'status',
        phoneNumberId: channel.phoneNumberId,
        status: statusEvent(wamid, waId, 'read', now + times.read),
      },
      sendAt.read,
    );
  }
}

/** A customer reading business messages: `read` status webhooks for them. */
export function scheduleReadStatuses(
  engine: SimulatorEngine,
  phoneNumberId: string,
  waId: string,
  wamids: string[],
) {
  const now = Date.now();
  for (const wamid of wamids) {
    engine.dispatcher.schedule(
      { kind: 'status', phoneNumberId, status: statusEvent(wamid, waId, 'read', now) },
      pickDelay(engine.config.sentDelayMs, engine.random),
    );
  }
}

/** Handles the JSON body of POST /{phone-number-id}/messages for an authenticated simulator channel. */
export async function handleBusinessSend(
  engine: SimulatorEngine,
  channel: ChannelConfig,
  input: unknown,
): Promise<GraphAnswer> {
  const pool = engine.deps.pool;
  const read = readSchema.safeParse(input);
  if (read.success) {
    const known = await markReadByBusiness(pool, channel.phoneNumberId, read.data.message_id);
    if (!known) return fail({ code: 100, details: `Unknown message id ${read.data.message_id}.` });
    return { status: 200, body: { success: true } };
  }
  const parsed = sendSchema.safeParse(input);
  if (!parsed.success) return fail({ code: 100, details: zodDetails(parsed.error) });
  const msg = parsed.data;
  const waId = msg.to.replace(/[\s()+-]/g, '');
  if (!/^\d{6,15}$/.test(waId)) return fail({ code: 100, details: `"${msg.to}" is not a phone number.` });
  const payload = msg[msg.type];
  if (payload === undefined)
    return fail({ code: 100, details: `type is ${msg.type} but the body has no "${msg.type}" object.` });

  // Failures on demand (the Graph call itself).
  const acceptFailure = await consumeFailure(
    pool,
    { phoneNumberId: channel.phoneNumberId, waId, stage: 'accept' },
    engine.random,
  );
  if (acceptFailure && acceptFailure.mode !== 'accept_then_timeout') {
    const answer = fail({ code: acceptFailure.errorCode, httpStatus: acceptFailure.httpStatus });
    return acceptFailure.mode === 'timeout' ? { ...answer, delayMs: engine.config.slowResponseMs } : answer;
  }

  const content: Record<string, unknown> = { type: msg.type, [msg.type]: payload };
  if (msg.context) content.context = msg.context;
  let category = 'service';
  if (msg.type === 'template' && msg.template) {
    const t = engine
      .templates()
      .find((x) => x.name === msg.template?.name && x.language === msg.template.language.code);
    if (t?.status === 'PAUSED') return fail({ code: 132015 });
    if (t?.status === 'DISABLED') return fail({ code: 132016 });
    if (t?.status !== 'APPROVED')
      return fail({
        code: 132001,
        details: `template name (${msg.template.name}) does not exist in ${msg.template.language.code}`,
      });
    const values = templateValues(msg.template.components ?? []);
    const expected = listTemplateVariables(t).variables.length;
    const given = [values.header, values.body].reduce(
      (n, v) => n + (v === undefined ? 0 : Array.isArray(v) ? v.length : Object.keys(v).length),
      0,
    );
    if (given !== expected)
      return fail({ code: 132000, details: `expected ${expected} parameters, got ${given}` });
    content.rendered = renderTemplateText(t, values);
    content.buttons = t.components.find((c) => c.type === 'BUTTONS')?.buttons?.map((b) => b.text) ?? [];
    category = (t.category ?? 'utility').toLowerCase();
  }
  for (const kind of ['image', 'video', 'audio', 'document', 'sticker'] as const) {
    const ref = msg.type === kind ? msg[kind] : undefined;
    if (ref?.id) {
      const media = await findMedia(pool, ref.id);
      if (!media || media.phoneNumberId !== channel.phoneNumberId)
        return fail({ code: 131053, details: `Media id ${ref.id} was not uploaded to this phone number.` });
      content.mime_type = media.mimeType;
    }
  }
  if (msg.type === 'reaction' && msg.reaction && !(await findSimMessage(pool, msg.reaction.message_id)))
    return fail({ code: 100, details: `Unknown message id ${msg.reaction.message_id}.` });

  if (!(await findCustomer(pool, waId))) await upsertCustomer(pool, waId, `+${waId}`);
  const wamid = newWamid();
  await insertSimMessage(pool, {
    wamid,
    phoneNumberId: channel.phoneNumberId,
    waId,
    direction: 'to_customer',
    type: msg.type,
    content,
    status: 'accepted',
  });

  // After acceptance: the 24-hour window and delivery failures show up as `failed` webhooks.
  let failure: MetaErrorInit | null = null;
  if (msg.type !== 'template') {
    const last = await lastCustomerMessageAt(pool, waId, channel.phoneNumberId);
    if (!isServiceWindowOpen(last, Date.now())) failure = { code: 131047 };
  }
  const deliveryFailure = await consumeFailure(
    pool,
    { phoneNumberId: channel.phoneNumberId, waId, stage: 'delivery' },
    engine.random,
  );
  if (!failure && deliveryFailure) failure = { code: deliveryFailure.errorCode };
  scheduleStatuses(engine, channel, wamid, waId, { failure, category });

  const message: Record<string, unknown> = { id: wamid };
  if (msg.type === 'template') message.message_status = 'accepted';
  const body = {
    messaging_product: 'whatsapp',
    contacts: [{ input: msg.to, wa_id: waId }],
    messages: [message],
  };
  return acceptFailure ? { status: 200, body, delayMs: engine.config.slowResponseMs } : { status: 200, body };
}
