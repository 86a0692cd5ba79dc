// The simulator's own API, for the /simulator page (a customer's phone) and for tests: customers,
// their chat with a business number, sending as the customer, failures on demand, behaviour settings.
// For signed-in operators; off in production and once any business number talks to Meta.
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { findSession, SESSION_COOKIE } from '../auth/session-store.ts';
import type { ChannelConfig } from '../channels/channel-config.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings } from '../http/app-context.ts';
import { CustomerSend, createCustomer, customerReads, customerSend } from './customer-actions.ts';
import type { SimulatorEngine } from './simulator-engine.ts';
import {
  addFailureRule,
  clearFailureRules,
  findCustomer,
  findMedia,
  listCustomers,
  listThread,
  type SimMessage,
} from './simulator-store.ts';

export const SIMULATOR_API = '/simulator-api';
/** Body limits of the customer-side API: a customer's media message, and everything else. */
export const SIMULATOR_MEDIA_BODY_MAX = 24 * 1024 * 1024;
export const SIMULATOR_JSON_BODY_MAX = 64 * 1024;

export type PhoneMessage = {
  wamid: string;
  /** mine: the customer wrote it; theirs: the business did. */
  from: 'mine' | 'theirs';
  type: string;
  text: string;
  media: { id: string | null; link: string | null; mimeType: string | null; filename: string | null } | null;
  location: { latitude: number; longitude: number; name: string | null } | null;
  buttons: string[];
  replyTo: { wamid: string; text: string } | null;
  status: string;
  error: string | null;
  reactions: { mine: string | null; theirs: string | null };
  createdAt: number;
};

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function describeMessage(m: SimMessage): Omit<PhoneMessage, 'replyTo' | 'reactions'> {
  const c = m.content;
  const inner = obj(c[m.type]);
  let text = '';
  let media: PhoneMessage['media'] = null;
  let location: PhoneMessage['location'] = null;
  let buttons: string[] = [];
  switch (m.type) {
    case 'text':
      text = str(inner.body) ?? '';
      break;
    case 'template':
      text = str(c.rendered) ?? `[template ${str(inner.name) ?? ''}]`;
      buttons = Array.isArray(c.buttons) ? c.buttons.filter((b): b is string => typeof b === 'string') : [];
      break;
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      text = str(inner.caption) ?? '';
      media = {
        id: str(inner.id),
        link: str(inner.link),
        mimeType: str(inner.mime_type) ?? str(c.mime_type),
        filename: str(inner.filename),
      };
      break;
    case 'location':
      location = {
        latitude: Number(inner.latitude),
        longitude: Number(inner.longitude),
        name: str(inner.name),
      };
      text = [str(inner.name), str(inner.address)].filter(Boolean).join(', ') || 'Location';
      break;
    case 'contacts':
      text = (Array.isArray(c.contacts) ? c.contacts : [])
        .map((x) => str(obj(obj(x).name).formatted_name) ?? 'Contact')
        .join(', ');
      break;
    case 'button':
      text = str(inner.text) ?? '';
      break;
    case 'interactive':
      text = str(obj(inner.button_reply).title) ?? str(obj(inner.list_reply).title) ?? '[interactive]';
      break;
    default:
      text = `[${m.type}]`;
  }
  const err = m.error ? obj(m.error) : null;
  return {
    wamid: m.wamid,
    from: m.direction === 'to_business' ? 'mine' : 'theirs',
    type: m.type,
    text,
    media,
    location,
    buttons,
    status: m.status,
    error: err ? `${String(err.code ?? '')} ${str(err.title) ?? ''}`.trim() : null,
    createdAt: m.createdAt,
  };
}

/** The chat as the phone shows it: reactions folded onto their messages, quotes resolved. */
export function phoneThread(messages: SimMessage[]): PhoneMessage[] {
  const byWamid = new Map(messages.map((m) => [m.wamid, m]));
  const reactions = new Map<string, { mine: string | null; theirs: string | null }>();
  for (const m of messages) {
    if (m.type !== 'reaction') continue;
    const r = obj(m.content.reaction);
    const target = str(r.message_id);
    if (!target) continue;
    const entry = reactions.get(target) ?? { mine: null, theirs: null };
    entry[m.direction === 'to_business' ? 'mine' : 'theirs'] = str(r.emoji) || null;
    reactions.set(target, entry);
  }
  return messages
    .filter((m) => m.type !== 'reaction')
    .map((m) => {
      const quoted = str(obj(m.content.context).id);
      const q = quoted ? byWamid.get(quoted) : undefined;
      return {
        ...describeMessage(m),
        replyTo: quoted ? { wamid: quoted, text: q ? describeMessage(q).text || `[${q.type}]` : '…' } : null,
        reactions: reactions.get(m.wamid) ?? { mine: null, theirs: null },
      };
    });
}

const FailureInput = z.object({
  phoneNumberId: z.string().max(40).nullable().default(null),
  waId: z.string().max(40).nullable().default(null),
  stage: z.enum(['accept', 'delivery']),
  errorCode: z.number().int(),
  httpStatus: z.number().int().min(400).max(599).nullable().default(null),
  mode: z.enum(['error', 'timeout', 'accept_then_timeout']).default('error'),
  rate: z.number().gt(0).max(1).default(1),
  count: z.number().int().min(1).nullable().default(null),
});

const range = z.tuple([z.number().int().min(0).max(600_000), z.number().int().min(0).max(600_000)]);
const ConfigInput = z
  .object({
    inboundDelayMs: range,
    sentDelayMs: range,
    deliveredDelayMs: range,
    autoReadDelayMs: range.nullable(),
    duplicateRate: z.number().min(0).max(1),
    reorderRate: z.number().min(0).max(1),
    batchWindowMs: z.number().int().min(0).max(5_000),
    slowResponseMs: z.number().int().min(0).max(600_000),
  })
  .partial();

export function customerRoutes(engine: SimulatorEngine) {
  const app = new Hono<AppBindings>();
  const pool = engine.deps.pool;

  // The customer-side API (this file and meta-2026-routes.ts): for signed-in operators only, off in
  // production and once a business number talks to Meta. The Graph stand-in has its own guard (tokens).
  app.use(`${SIMULATOR_API}/*`, async (c, next) => {
    if (c.req.path.startsWith(`${SIMULATOR_API}/graph/`)) return next();
    if (!(await engine.customerSideOn()))
      return apiError(
        c,
        404,
        'not_found',
        'The WhatsApp simulator is off: in production, or once a business number talks to Meta.',
      );
    const op = await findSession(pool, getCookie(c, SESSION_COOKIE), engine.deps.env.SESSION_IDLE_MINUTES);
    if (!op)
      return apiError(
        c,
        401,
        'unauthenticated',
        'Sign in to CDESK first: the simulator is for its operators.',
      );
    c.header('Cache-Control', 'no-store');
    await next();
  });
  // A customer may send a photo or a document (Meta's largest media, 24 MB with framing); anything else
  // is a small JSON body.
  app.use(`${SIMULATOR_API}/*`, async (c, next) => {
    if (c.req.path.startsWith(`${SIMULATOR_API}/graph/`)) return next();
    const maxSize = /^\/simulator-api\/customers\/[^/]+\/messages$/.test(c.req.path)
      ? SIMULATOR_MEDIA_BODY_MAX
      : SIMULATOR_JSON_BODY_MAX;
    return bodyLimit({
      maxSize,
      onError: (x) => apiError(x, 413, 'too_large', 'The body is too large.'),
    })(c, next);
  });

  async function simulatorChannel(
    c: Context,
    phoneNumberId: string | undefined,
  ): Promise<ChannelConfig | Response> {
    const { rows } = await pool.query<{ phone_number_id: string; mode: string }>(
      `SELECT phone_number_id, mode FROM channel ORDER BY slot`,
    );
    const pick = phoneNumberId
      ? rows.find((r) => r.phone_number_id === phoneNumberId)
      : rows.find((r) => r.mode === 'simulator');
    if (!pick) return apiError(c, 404, 'no_channel', 'No business number in simulator mode.');
    if (pick.mode !== 'simulator')
      return apiError(
        c,
        409,
        'meta_mode',
        'This business number talks to Meta: the simulator does not serve it.',
      );
    const channel = await engine.channel(pick.phone_number_id);
    if (!channel) return apiError(c, 404, 'no_channel', 'No business number in simulator mode.');
    return channel;
  }

  app.get(`${SIMULATOR_API}/channels`, async (c) => {
    const { rows } = await pool.query(
      `SELECT phone_number_id AS "phoneNumberId", display_phone_number AS "displayPhoneNumber", mode, slot
         FROM channel ORDER BY slot`,
    );
    return c.json({ channels: rows });
  });

  app.get(`${SIMULATOR_API}/customers`, async (c) => c.json({ customers: await listCustomers(pool) }));

  app.post(`${SIMULATOR_API}/customers`, async (c) => {
    const parsed = z
      .object({
        name: z.string().trim().min(1).max(100),
        waId: z
          .string()
          .regex(/^\+?\d{6,15}$/)
          .optional(),
      })
      .safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      return apiError(c, 400, 'invalid', 'Give a name (and optionally a phone number, digits only).');
    return c.json({ customer: await createCustomer(engine, parsed.data) }, 201);
  });

  app.get(`${SIMULATOR_API}/customers/:waId/messages`, async (c) => {
    const channel = await simulatorChannel(c, c.req.query('phoneNumberId'));
    if (channel instanceof Response) return channel;
    const customer = await findCustomer(pool, c.req.param('waId'));
    if (!customer) return apiError(c, 404, 'not_found', 'No such customer.');
    const messages = await listThread(pool, customer.waId, channel.phoneNumberId);
    return c.json({
      customer,
      channel: { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber },
      messages: phoneThread(messages),
    });
  });

  app.post(`${SIMULATOR_API}/customers/:waId/messages`, async (c) => {
    const json = await c.req.json().catch(() => null);
    const channel = await simulatorChannel(
      c,
      typeof json?.phoneNumberId === 'string' ? json.phoneNumberId : undefined,
    );
    if (channel instanceof Response) return channel;
    const parsed = CustomerSend.safeParse(json);
    if (!parsed.success)
      return apiError(c, 400, 'invalid', parsed.error.issues[0]?.message ?? 'Invalid message.');
    const result = await customerSend(engine, channel, c.req.param('waId'), parsed.data);
    if (!result.ok)
      return apiError(c, result.status, result.status === 404 ? 'not_found' : 'invalid', result.error);
    return c.json({ wamid: result.message.wamid }, 201);
  });

  app.post(`${SIMULATOR_API}/customers/:waId/read`, async (c) => {
    const json = await c.req.json().catch(() => ({}));
    const channel = await simulatorChannel(
      c,
      typeof json?.phoneNumberId === 'string' ? json.phoneNumberId : undefined,
    );
    if (channel instanceof Response) return channel;
    return c.json({ read: await customerReads(engine, channel, c.req.param('waId')) });
  });

  app.get(`${SIMULATOR_API}/media/:id`, async (c) => {
    const media = await findMedia(pool, c.req.param('id'), true);
    if (!media) return apiError(c, 404, 'not_found', 'No such media.');
    c.header('Content-Type', media.mimeType);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Content-Security-Policy', "default-src 'none'; sandbox");
    return c.body(new Uint8Array(media.bytes), 200);
  });

  app.post(`${SIMULATOR_API}/failures`, async (c) => {
    const parsed = FailureInput.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      return apiError(c, 400, 'invalid', parsed.error.issues[0]?.message ?? 'Invalid rule.');
    const { count, ...rule } = parsed.data;
    return c.json({ rule: await addFailureRule(pool, { ...rule, remaining: count }) }, 201);
  });

  app.delete(`${SIMULATOR_API}/failures`, async (c) => {
    await clearFailureRules(pool);
    return c.json({ ok: true });
  });

  app.get(`${SIMULATOR_API}/config`, (c) => c.json({ config: engine.config }));
  app.post(`${SIMULATOR_API}/config`, async (c) => {
    const parsed = ConfigInput.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      return apiError(c, 400, 'invalid', parsed.error.issues[0]?.message ?? 'Invalid settings.');
    const patch = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
    return c.json({ config: engine.setConfig(patch) });
  });

  app.post(`${SIMULATOR_API}/templates/status`, async (c) => {
    const parsed = z
      .object({
        name: z.string().min(1),
        language: z.string().min(1),
        event: z.enum([
          'APPROVED',
          'PENDING',
          'REJECTED',
          'PAUSED',
          'DISABLED',
          'FLAGGED',
          'IN_APPEAL',
          'REINSTATED',
        ]),
        reason: z.string().max(200).nullable().default(null),
      })
      .safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return apiError(c, 400, 'invalid', 'Give name, language and event.');
    const { name, language, event, reason } = parsed.data;
    const template = engine.setTemplateStatus(name, language, event === 'REINSTATED' ? 'APPROVED' : event);
    if (!template) return apiError(c, 404, 'not_found', 'No such template in the simulator.');
    const { rows } = await pool.query<{ phone_number_id: string }>(
      `SELECT phone_number_id FROM channel WHERE mode = 'simulator' ORDER BY slot LIMIT 1`,
    );
    const pnid = rows[0]?.phone_number_id;
    if (pnid) {
      engine.dispatcher.schedule(
        {
          kind: 'template',
          phoneNumberId: pnid,
          value: {
            event,
            message_template_id: Number(template.id),
            message_template_name: name,
            message_template_language: language,
            reason: reason ?? (event === 'REJECTED' ? 'INCORRECT_CATEGORY' : 'NONE'),
          },
        },
        0,
      );
    }
    return c.json({ template });
  });

  /** Waits until every scheduled webhook went out (tests). */
  app.post(`${SIMULATOR_API}/idle`, async (c) => {
    const done = await Promise.race([
      engine.dispatcher.idle().then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 30_000)),
    ]);
    return done ? c.json({ ok: true }) : apiError(c, 408, 'timeout', 'Webhooks still pending after 30 s.');
  });

  return app;
}
