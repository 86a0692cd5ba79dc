// Shared set-up for the outbound tests: a fake Graph API over real HTTP (programmable failures, records
// what Meta would have accepted), a channel pointing at it, customers with open and closed 24-hour
// windows, and Meta's status webhooks delivered through the real webhook endpoint.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import type { AppBindings, AppDeps } from '../../server/http/app-context.ts';
import { inboundCapability } from '../../server/inbound/inbound-capability.ts';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import { fixtureStatus, statusesWebhook } from '../support/webhook-fixtures.ts';
import { createTestApp } from './test-app.ts';
import type { TestDatabase } from './test-database.ts';

export const CHANNEL_ID = 'ch-out';
export const PHONE_NUMBER_ID = '109000000000001';
export const DISPLAY_NUMBER = '15550100100';
export const WABA_ID = '209000000000001';
export const APP_SECRET = 'outbound-app-secret-0123456789';
export const ACCESS_TOKEN = 'EAA-outbound-test-token';

export type FakeRequest = {
  n: number;
  method: string;
  path: string;
  json: Record<string, unknown> | null;
  /** When the request arrived (performance.now() of this process). */
  at: number;
};

export type FakeAnswer =
  | { kind: 'accept' }
  /** Meta's error JSON (or an HTML page) with this HTTP status. */
  | { kind: 'error'; status: number; code?: number; title?: string; details?: string; html?: boolean }
  /** The request is lost before Meta processes it: no answer ever (the client times out). */
  | { kind: 'drop' }
  /** Meta accepts the message (status webhooks follow) but the answer never arrives. */
  | { kind: 'accept_then_drop' };

export type AcceptedMessage = {
  /** The number of the request that carried it (FakeRequest.n). */
  n: number;
  wamid: string;
  to: string;
  type: string;
  /** The text, caption or template name: what a test compares. */
  text: string;
  callbackData: string | null;
  json: Record<string, unknown>;
  /** When Meta accepted it, i.e. when the answer went out (performance.now() of this process). */
  at: number;
};

/** A stand-in for graph.facebook.com/v23.0 on a local port. */
export class FakeGraph {
  readonly accepted: AcceptedMessage[] = [];
  readonly requests: FakeRequest[] = [];
  readonly readReceipts: string[] = [];
  readonly uploads: { mediaId: string; mimeType: string; size: number; filename: string }[] = [];
  /** Pages of GET /{waba}/message_templates. */
  templatePages: Record<string, unknown>[][] = [[]];
  /** Decides the answer to each POST …/messages (message sends and reactions; read receipts always succeed). */
  behave: (req: FakeRequest) => FakeAnswer = () => ({ kind: 'accept' });
  /** Called when Meta would have accepted a message (e.g. to deliver its status webhooks). */
  onAccepted: (m: AcceptedMessage) => Promise<void> | void = () => {};
  /** How long Meta takes to answer a message send (real Graph calls take tens of milliseconds). */
  answerDelayMs = 0;
  #server: Server;
  #n = 0;
  #wamids = 0;
  base = '';

  constructor() {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err: Error) => {
        res.statusCode = 500;
        res.end(err.message);
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}/v23.0`;
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Accepted messages whose biz_opaque_callback_data names this message id. */
  acceptedFor(messageId: string): AcceptedMessage[] {
    return this.accepted.filter((m) => m.callbackData === messageId);
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/v23\.0/, '');
    const json = (res: ServerResponse, status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) {
      return json(res, 401, {
        error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
      });
    }
    if (req.method === 'GET' && path === `/${WABA_ID}/message_templates`) {
      const page = Number(url.searchParams.get('after') ?? '0');
      const next = page + 1 < this.templatePages.length;
      const nextUrl = new URL(url.href.replace('http://fake', this.base.replace(/\/v23\.0$/, '')));
      nextUrl.searchParams.set('after', String(page + 1));
      return json(res, 200, {
        data: this.templatePages[page] ?? [],
        paging: { cursors: { before: 'b', after: 'a' }, ...(next ? { next: nextUrl.href } : {}) },
      });
    }
    if (req.method === 'POST' && path === `/${PHONE_NUMBER_ID}/media`) {
      const form = await new Request('http://fake/media', {
        method: 'POST',
        headers: { 'content-type': String(req.headers['content-type']) },
        body: raw,
      }).formData();
      const file = form.get('file');
      if (!(file instanceof File)) return json(res, 400, { error: { message: 'no file', code: 100 } });
      const mediaId = `media-${this.uploads.length + 1}`;
      this.uploads.push({
        mediaId,
        mimeType: String(form.get('type')),
        size: file.size,
        filename: file.name,
      });
      return json(res, 200, { id: mediaId });
    }
    if (req.method === 'POST' && path === `/${PHONE_NUMBER_ID}/messages`) {
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      if (body.status === 'read') {
        this.readReceipts.push(String(body.message_id));
        return json(res, 200, { success: true });
      }
      const request: FakeRequest = { n: ++this.#n, method: 'POST', path, json: body, at: performance.now() };
      this.requests.push(request);
      const answer = this.behave(request);
      if (this.answerDelayMs > 0) await new Promise((r) => setTimeout(r, this.answerDelayMs));
      if (answer.kind === 'drop') return; // never answered; the socket closes when the client gives up
      if (answer.kind === 'error') {
        if (answer.html) {
          res.writeHead(answer.status, { 'content-type': 'text/html' });
          return res.end('<html><body>Service Unavailable</body></html>');
        }
        return json(res, answer.status, {
          error: {
            message: `(#${answer.code}) ${answer.title ?? 'Error'}`,
            type: 'OAuthException',
            code: answer.code,
            ...(answer.details ? { error_data: { details: answer.details } } : {}),
            ...(answer.title ? { error_user_title: answer.title } : {}),
            fbtrace_id: 'FAKE',
          },
        });
      }
      const wamid = `wamid.FAKE${++this.#wamids}`;
      const type = String(body.type);
      const content = body[type] as Record<string, unknown>;
      const accepted: AcceptedMessage = {
        n: request.n,
        wamid,
        to: String(body.to),
        type,
        text: String(content.body ?? content.caption ?? content.name ?? content.emoji ?? ''),
        callbackData:
          typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : null,
        json: body,
        at: performance.now(),
      };
      this.accepted.push(accepted);
      await this.onAccepted(accepted);
      if (answer.kind === 'accept_then_drop') return;
      return json(res, 200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: body.to }],
        messages: [{ id: wamid, message_status: 'accepted' }],
      });
    }
    json(res, 404, { error: { message: `Unknown path ${req.method} ${path}`, code: 100 } });
  }
}

/** The app's real webhook endpoint, for Meta's status webhooks. */
export function webhookApp(deps: AppDeps): Hono<AppBindings> {
  return createTestApp(deps, [inboundCapability(deps, { mediaWorker: false })]);
}

/** POSTs Meta's status webhook for an accepted message, signed like Meta. */
export async function deliverStatus(
  app: Hono<AppBindings>,
  m: Pick<AcceptedMessage, 'wamid' | 'to' | 'callbackData'>,
  status: 'sent' | 'delivered' | 'read',
) {
  const item = { ...fixtureStatus[status](m.wamid, { recipient: m.to }) } as Record<string, unknown>;
  if (m.callbackData) item.biz_opaque_callback_data = m.callbackData;
  const body = serializeLikeMeta(
    statusesWebhook([item], {
      wabaId: WABA_ID,
      phoneNumberId: PHONE_NUMBER_ID,
      displayPhoneNumber: DISPLAY_NUMBER,
    }),
  );
  const res = await app.request('/webhooks/whatsapp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, APP_SECRET) },
    body,
  });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
}

export type Customer = { contactId: string; conversationId: string; waId: string; inboundWamid: string };

/**
 * Operators (olga operator, rita read-only, nora without template permission, sam scoped to another
 * channel), the channel on the fake Graph API, and `count` customers who wrote `ageMs` ago.
 */
export async function seedOutbound(db: TestDatabase, deps: AppDeps, graphUrl: string) {
  await db.pool.query(
    `INSERT INTO operator (id, name, email, role, can_send_templates, channel_scope) VALUES
       ('op-olga', 'Olga Operator', 'olga@example.com', 'operator', true, NULL),
       ('op-rita', 'Rita Readonly', 'rita@example.com', 'readonly', true, NULL),
       ('op-nora', 'Nora NoTemplates', 'nora@example.com', 'operator', false, NULL),
       ('op-sam', 'Sam Scoped', 'sam@example.com', 'operator', true, '["ch-other"]'::jsonb)`,
  );
  await db.pool.query(
    `INSERT INTO channel (id, slot, display_phone_number, phone_number_id, waba_id, graph_url, mode, health)
     VALUES ($1, 1, $2, $3, $4, $5, 'meta', 'ok')`,
    [CHANNEL_ID, DISPLAY_NUMBER, PHONE_NUMBER_ID, WABA_ID, graphUrl],
  );
  await db.pool.query('INSERT INTO channel_stats (channel_id) VALUES ($1)', [CHANNEL_ID]);
  await db.pool.query(
    `INSERT INTO private.channel_secret (channel_id, access_token_enc, app_secret_enc, verify_token_enc)
     VALUES ($1, $2, $3, $4)`,
    [
      CHANNEL_ID,
      deps.secretBox.seal(ACCESS_TOKEN),
      deps.secretBox.seal(APP_SECRET),
      deps.secretBox.seal('verify'),
    ],
  );
}

let customerSeq = 0;

/** A customer whose last message arrived `ageMs` ago, waiting for a reply (lighthouse on). */
export async function addCustomer(db: TestDatabase, ageMs = 3600_000): Promise<Customer> {
  customerSeq += 1;
  const n = `${process.pid}${customerSeq}`.slice(-8);
  const c: Customer = {
    contactId: `ct-${n}`,
    conversationId: `cv-${n}`,
    waId: `4207${n.padStart(8, '0')}`,
    inboundWamid: `wamid.IN${n}`,
  };
  const at = new Date(Date.now() - ageMs);
  await db.pool.query('INSERT INTO contact (id, wa_id, profile_name, phone) VALUES ($1, $2, $3, $4)', [
    c.contactId,
    c.waId,
    `Customer ${n}`,
    `+${c.waId}`,
  ]);
  await db.pool.query(
    `INSERT INTO conversation (id, channel_id, contact_id, business_number, participant_name, participant_phone,
       last_message_id, last_message_preview, last_message_at, last_message_direction, last_message_status,
       unread_count, awaiting_reply, awaiting_since, customer_last_message_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'Hello?', $8, 'in', 'received', 1, true, $8, $8)`,
    [
      c.conversationId,
      CHANNEL_ID,
      c.contactId,
      DISPLAY_NUMBER,
      `Customer ${n}`,
      `+${c.waId}`,
      `msg-in-${n}`,
      at,
    ],
  );
  await db.pool.query(
    `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status, created_at, received_at)
     VALUES ($1, $2, $3, 'in', 'text', 'Hello?', 'received', $4, $4)`,
    [`msg-in-${n}`, c.conversationId, c.inboundWamid, at],
  );
  await db.pool.query(
    `UPDATE channel_stats SET waiting_count = waiting_count + 1, unread_count = unread_count + 1 WHERE channel_id = $1`,
    [CHANNEL_ID],
  );
  return c;
}

export async function addTemplates(db: TestDatabase) {
  await db.pool.query(
    `INSERT INTO whatsapp_template (id, waba_id, name, language, category, status, parameter_format, components) VALUES
       ('tpl-order', $1, 'order_update', 'en_US', 'UTILITY', 'APPROVED', 'POSITIONAL', $2),
       ('tpl-hello', $1, 'hello_again', 'en_US', 'MARKETING', 'APPROVED', 'NAMED', $3),
       ('tpl-paused', $1, 'old_promo', 'en_US', 'MARKETING', 'PAUSED', 'POSITIONAL', $4),
       ('tpl-other-waba', '999', 'order_update', 'de_DE', 'UTILITY', 'APPROVED', 'POSITIONAL', $4)`,
    [
      WABA_ID,
      JSON.stringify([
        { type: 'BODY', text: 'Hello {{1}}, your order {{2}} is on its way.' },
        { type: 'FOOTER', text: 'CDESK' },
      ]),
      JSON.stringify([{ type: 'BODY', text: 'Hi {{first_name}}, we are following up on your request.' }]),
      JSON.stringify([{ type: 'BODY', text: 'Sale!' }]),
    ],
  );
}

/** Polls until `check` returns a truthy value (the worker runs in the background). */
export async function waitFor<T>(
  check: () => Promise<T>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function messageRow(db: TestDatabase, id: string) {
  const { rows } = await db.pool.query('SELECT * FROM message WHERE id = $1', [id]);
  return rows[0];
}
