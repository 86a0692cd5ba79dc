// The Graph API endpoints the product calls, answered like Meta's Cloud API, under
// /simulator-api/graph/{version}: messages, media upload, media metadata and download, templates,
// phone number details. Bearer token = the simulator channel's (generated) access token.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MEDIA_LIMITS, normalizeMimeType } from '../../schema/whatsapp/media-limits.ts';
import type { ChannelConfig } from '../channels/channel-config.ts';
import type { AppBindings } from '../http/app-context.ts';
import { handleBusinessSend } from './business-send.ts';
import { type MetaErrorInit, metaErrorBody, metaErrorStatus } from './graph-errors.ts';
import type { SimulatorEngine } from './simulator-engine.ts';
import { findMedia, insertMedia, newMediaId } from './simulator-store.ts';

export const GRAPH_PREFIX = '/simulator-api/graph';
const URL_TTL_MS = 5 * 60_000;
// Graph versions Meta still serves (v20.0 expired on 24 September 2026; v21.0 goes on 21 January 2027).
const OLDEST_LIVE_MAJOR = 21;
const UPLOAD_LIMIT = 100 * 1024 * 1024 + 64 * 1024;

function metaError(c: Context, init: MetaErrorInit) {
  return c.json(metaErrorBody(init), metaErrorStatus(init) as 400);
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function bearer(c: Context): string {
  const header = c.req.header('authorization') ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : '';
}

const unknownObject = (id: string): MetaErrorInit => ({
  code: 100,
  details: `Unsupported request: object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
});

function downloadSignature(channel: ChannelConfig, mediaId: string, expires: number): string {
  return createHmac('sha256', channel.accessToken ?? '')
    .update(`${mediaId}:${expires}`)
    .digest('base64url');
}

export function graphRoutes(engine: SimulatorEngine) {
  const app = new Hono<AppBindings>();
  const base = `${GRAPH_PREFIX}/:version{v\\d+\\.\\d+}`;

  app.use(`${GRAPH_PREFIX}/*`, async (c, next) => {
    if (!engine.enabled()) return c.json({ error: { message: 'Not found', code: 404 } }, 404);
    const version = /^\/v(\d+)\.\d+\//.exec(c.req.path.slice(GRAPH_PREFIX.length));
    if (version && Number(version[1]) < OLDEST_LIVE_MAJOR) {
      return metaError(c, {
        code: 2635,
        title: `Graph API v${version[1]}.0 is no longer available`,
        details: `Upgrade the channel's Graph URL to v${OLDEST_LIVE_MAJOR}.0 or newer (v27.0 is the newest).`,
      });
    }
    await next();
  });

  /** The simulator channel for a phone number id, if the bearer token is its access token. */
  async function authorised(c: Context, phoneNumberId: string): Promise<ChannelConfig | Response> {
    const channel = await engine.channel(phoneNumberId);
    const token = bearer(c);
    if (!token)
      return metaError(c, { code: 190, details: 'An access token is required to request this resource.' });
    if (!channel) return metaError(c, unknownObject(phoneNumberId));
    if (!channel.accessToken || !sameToken(channel.accessToken, token)) return metaError(c, { code: 190 });
    return channel;
  }

  app.post(
    `${base}/:pnid/messages`,
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: (c) => metaError(c, { code: 100, details: 'The request body is too large.' }),
    }),
    async (c) => {
      const channel = await authorised(c, c.req.param('pnid'));
      if (channel instanceof Response) return channel;
      let input: unknown;
      try {
        input = await c.req.json();
      } catch {
        return metaError(c, { code: 100, details: 'The body is not JSON.' });
      }
      const answer = await handleBusinessSend(engine, channel, input);
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      return c.json(answer.body as object, answer.status as 200);
    },
  );

  // Meta's Thread control API (Conversation Routing): the simulator's business is the escalation
  // partner, so take, release and pass are accepted for any of its customers.
  app.post(`${base}/:pnid/thread_control`, async (c) => {
    const channel = await authorised(c, c.req.param('pnid'));
    if (channel instanceof Response) return channel;
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (body?.messaging_product !== 'whatsapp')
      return metaError(c, { code: 100, details: 'messaging_product must be "whatsapp".' });
    if (body.action !== 'take' && body.action !== 'release' && body.action !== 'pass')
      return metaError(c, { code: 100, details: 'action must be one of pass, release, take.' });
    if (typeof body.to !== 'string' && typeof body.recipient !== 'string')
      return metaError(c, { code: 100, details: 'Name the customer in to or recipient.' });
    return c.json({ messaging_product: 'whatsapp' });
  });

  app.post(
    `${base}/:pnid/media`,
    bodyLimit({
      maxSize: UPLOAD_LIMIT,
      onError: (c) => metaError(c, { code: 131053, details: 'The file is too large.' }),
    }),
    async (c) => {
      const channel = await authorised(c, c.req.param('pnid'));
      if (channel instanceof Response) return channel;
      let form: FormData;
      try {
        form = await c.req.raw.formData();
      } catch {
        return metaError(c, { code: 100, details: 'Send the file as multipart/form-data.' });
      }
      const file = form.get('file');
      if (form.get('messaging_product') !== 'whatsapp')
        return metaError(c, { code: 100, details: 'messaging_product must be "whatsapp".' });
      if (!(file instanceof File)) return metaError(c, { code: 100, details: 'The form has no file.' });
      const mime = normalizeMimeType(String(form.get('type') ?? file.type));
      const bytes = Buffer.from(await file.arrayBuffer());
      const limit = Object.values(MEDIA_LIMITS).find((l) => l.mimeTypes.includes(mime));
      if (!limit) return metaError(c, { code: 131053, details: `Unsupported media type ${mime}.` });
      if (bytes.byteLength === 0 || bytes.byteLength > limit.maxBytes)
        return metaError(c, {
          code: 131053,
          details: `The file is ${bytes.byteLength} bytes; at most ${limit.maxBytes} for ${mime}.`,
        });
      const id = newMediaId();
      await insertMedia(engine.deps.pool, {
        id,
        phoneNumberId: channel.phoneNumberId,
        mimeType: mime,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        sizeBytes: bytes.byteLength,
        filename: file.name || null,
        bytes,
      });
      return c.json({ id });
    },
  );

  app.get(`${base}/download/:mediaId`, async (c) => {
    const media = await findMedia(engine.deps.pool, c.req.param('mediaId'), true);
    if (!media) return metaError(c, unknownObject(c.req.param('mediaId')));
    const channel = await authorised(c, media.phoneNumberId);
    if (channel instanceof Response) return channel;
    const expires = Number(c.req.query('expires'));
    const signature = c.req.query('signature') ?? '';
    const valid =
      Number.isFinite(expires) &&
      expires > Date.now() &&
      sameToken(signature, downloadSignature(channel, media.id, expires));
    // Meta's media URLs expire after five minutes: then 404, and the client asks for a new one.
    if (!valid) return c.json(metaErrorBody({ code: 100, details: 'The URL has expired.' }), 404);
    c.header('Content-Type', media.mimeType);
    c.header('Content-Length', String(media.bytes.byteLength));
    return c.body(new Uint8Array(media.bytes), 200);
  });

  app.get(`${base}/:waba/message_templates`, async (c) => {
    const token = bearer(c);
    const wabaId = c.req.param('waba');
    const { rows } = await engine.deps.pool.query<{ phone_number_id: string }>(
      `SELECT phone_number_id FROM channel WHERE waba_id = $1 AND mode = 'simulator'`,
      [wabaId],
    );
    let allowed = false;
    for (const r of rows) {
      const channel = await engine.channel(r.phone_number_id);
      if (channel?.accessToken && token && sameToken(channel.accessToken, token)) allowed = true;
    }
    if (!token)
      return metaError(c, { code: 190, details: 'An access token is required to request this resource.' });
    if (rows.length === 0) return metaError(c, unknownObject(wabaId));
    if (!allowed) return metaError(c, { code: 190 });
    const all = engine.templates();
    const limit = Math.min(Math.max(Number(c.req.query('limit')) || 25, 1), 100);
    const after = c.req.query('after');
    const start = after ? Number(Buffer.from(after, 'base64url').toString()) || 0 : 0;
    const page = all.slice(start, start + limit);
    const fields = (
      c.req.query('fields') ?? 'name,language,status,category,components,parameter_format,id'
    ).split(',');
    const data = page.map((t) =>
      Object.fromEntries(['id', ...fields].flatMap((f) => (f in t ? [[f, t[f as keyof typeof t]]] : []))),
    );
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
    const paging: Record<string, unknown> = {
      cursors: { before: cursor(start), after: cursor(start + page.length) },
    };
    if (start + page.length < all.length) {
      const next = new URL(c.req.url);
      next.searchParams.set('limit', String(limit));
      next.searchParams.set('after', cursor(start + page.length));
      paging.next = next.toString();
    }
    return c.json({ data, paging });
  });

  app.get(`${base}/:id`, async (c) => {
    const id = c.req.param('id');
    const media = await findMedia(engine.deps.pool, id);
    if (media) {
      const channel = await authorised(c, media.phoneNumberId);
      if (channel instanceof Response) return channel;
      const expires = Date.now() + URL_TTL_MS;
      const url = new URL(`${GRAPH_PREFIX}/${c.req.param('version')}/download/${media.id}`, c.req.url);
      url.searchParams.set('expires', String(expires));
      url.searchParams.set('signature', downloadSignature(channel, media.id, expires));
      return c.json({
        messaging_product: 'whatsapp',
        url: url.toString(),
        mime_type: media.mimeType,
        sha256: media.sha256,
        file_size: String(media.sizeBytes),
        id: media.id,
      });
    }
    const channel = await authorised(c, id);
    if (channel instanceof Response) return channel;
    return c.json({
      id: channel.phoneNumberId,
      display_phone_number: channel.displayPhoneNumber,
      verified_name: 'CDESK Simulator',
      quality_rating: 'GREEN',
      code_verification_status: 'VERIFIED',
      name_status: 'APPROVED',
      platform_type: 'CLOUD_API',
      throughput: { level: 'STANDARD' },
    });
  });

  return app;
}
