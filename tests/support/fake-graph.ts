// A stand-in for Meta's Graph API over real HTTP, shared by the tests and the benchmarks: programmable
// failures, and a record of what Meta would have accepted (messages, read receipts, media uploads).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  /** `messageStatus`: what v24+ puts in messages[].message_status (accepted, held_for_quality_assessment, paused). */
  | { kind: 'accept'; messageStatus?: string }
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

export type FakeGraphOptions = {
  phoneNumberId?: string;
  wabaId?: string;
  /** The one token Meta accepts; null accepts any (a browser test's channel sealed with its own). */
  accessToken?: string | null;
  /** A token Meta reports as expired (OAuthException 190, subcode 463). */
  expiredToken?: string;
  /** What GET /{phone-number-id} tells of each number it knows (others: error 100/33). */
  phoneNumbers?: Record<string, { platformType: 'CLOUD_API' | 'NOT_APPLICABLE' }>;
};

/** Meta's details of a phone number (GET /{phone-number-id}). */
function phoneNumberDetails(id: string, platformType: string) {
  return {
    id,
    display_phone_number: '+1 555-078-3881',
    verified_name: 'CDESK Support',
    quality_rating: 'GREEN',
    code_verification_status: 'VERIFIED',
    platform_type: platformType,
    throughput: { level: 'STANDARD' },
  };
}

/**
 * A stand-in for graph.facebook.com/v23.0 on a local port: message sends (text, media, templates,
 * reactions), read receipts, media uploads, template pages and phone-number lookups, answered the way
 * Meta answers; `behave` decides each send's fate (accept, Meta's error, lost, held until released).
 */
export class FakeGraph {
  readonly accepted: AcceptedMessage[] = [];
  readonly requests: FakeRequest[] = [];
  readonly readReceipts: string[] = [];
  /** Read receipts that also showed "typing…" (their message ids). */
  readonly typingIndicators: string[] = [];
  readonly uploads: { mediaId: string; mimeType: string; size: number; filename: string }[] = [];
  /** Every request as "METHOD /path?query authorization". */
  readonly calls: string[] = [];
  /** Pages of GET /{waba}/message_templates. */
  templatePages: Record<string, unknown>[][] = [[]];
  /** Decides the answer to each POST …/messages (message sends and reactions; read receipts always succeed). */
  behave: (req: FakeRequest) => FakeAnswer | Promise<FakeAnswer> = () => ({ kind: 'accept' });
  /** Bodies of POST /{phone-number-id}/thread_control (take over, hand back). */
  readonly threadControls: Record<string, unknown>[] = [];
  /** Decides the answer to each thread control call (accepted by default). */
  behaveThreadControl: (body: Record<string, unknown>) => FakeAnswer | Promise<FakeAnswer> = () => ({
    kind: 'accept',
  });
  /** Called when Meta would have accepted a message (e.g. to deliver its status webhooks). */
  onAccepted: (m: AcceptedMessage) => Promise<void> | void = () => {};
  /** How long Meta takes to answer a message send (real Graph calls take tens of milliseconds). */
  answerDelayMs = 0;
  #server: Server;
  #n = 0;
  #wamids = 0;
  base = '';
  readonly phoneNumberId: string;
  readonly wabaId: string;
  readonly #options: FakeGraphOptions;

  constructor(options: FakeGraphOptions = {}) {
    this.#options = options;
    this.phoneNumberId = options.phoneNumberId ?? PHONE_NUMBER_ID;
    this.wabaId = options.wabaId ?? WABA_ID;
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
    const auth = req.headers.authorization ?? '';
    this.calls.push(`${req.method} ${req.url} ${auth}`);
    const { accessToken = ACCESS_TOKEN, expiredToken } = this.#options;
    if (expiredToken && auth === `Bearer ${expiredToken}`) {
      return json(res, 401, {
        error: {
          message: 'Error validating access token: Session has expired.',
          type: 'OAuthException',
          code: 190,
          error_subcode: 463,
          fbtrace_id: 'AbCdEf',
        },
      });
    }
    if (accessToken !== null && auth !== `Bearer ${accessToken}`) {
      return json(res, 401, {
        error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
      });
    }
    const lookup = req.method === 'GET' ? /^\/(\d+)$/.exec(path)?.[1] : undefined;
    if (lookup) {
      const known = (this.#options.phoneNumbers ?? { [this.phoneNumberId]: { platformType: 'CLOUD_API' } })[
        lookup
      ];
      if (known) return json(res, 200, phoneNumberDetails(lookup, known.platformType));
      return json(res, 400, {
        error: {
          message: `Unsupported get request. Object with ID '${lookup}' does not exist`,
          type: 'GraphMethodException',
          code: 100,
          error_subcode: 33,
        },
      });
    }
    if (req.method === 'GET' && path === `/${this.wabaId}/message_templates`) {
      const page = Number(url.searchParams.get('after') ?? '0');
      const next = page + 1 < this.templatePages.length;
      const nextUrl = new URL(url.href.replace('http://fake', this.base.replace(/\/v23\.0$/, '')));
      nextUrl.searchParams.set('after', String(page + 1));
      return json(res, 200, {
        data: this.templatePages[page] ?? [],
        paging: { cursors: { before: 'b', after: 'a' }, ...(next ? { next: nextUrl.href } : {}) },
      });
    }
    if (req.method === 'POST' && path === `/${this.phoneNumberId}/media`) {
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
    if (req.method === 'POST' && path === `/${this.phoneNumberId}/thread_control`) {
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      this.threadControls.push(body);
      const answer = await this.behaveThreadControl(body);
      if (answer.kind === 'error') {
        return json(res, answer.status, {
          error: {
            message: `(#${answer.code}) ${answer.title ?? 'Error'}`,
            type: 'OAuthException',
            code: answer.code,
            fbtrace_id: 'FAKE',
          },
        });
      }
      return json(res, 200, { messaging_product: 'whatsapp' });
    }
    if (req.method === 'POST' && path === `/${this.phoneNumberId}/messages`) {
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      if (body.status === 'read') {
        this.readReceipts.push(String(body.message_id));
        if (body.typing_indicator) this.typingIndicators.push(String(body.message_id));
        return json(res, 200, { success: true });
      }
      const request: FakeRequest = { n: ++this.#n, method: 'POST', path, json: body, at: performance.now() };
      this.requests.push(request);
      const answer = await this.behave(request);
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
        to: String(body.to ?? body.recipient),
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
        contacts: [{ input: body.to ?? body.recipient, wa_id: body.to ?? body.recipient }],
        messages: [
          {
            id: wamid,
            message_status: answer.kind === 'accept' ? (answer.messageStatus ?? 'accepted') : 'accepted',
          },
        ],
      });
    }
    json(res, 404, { error: { message: `Unknown path ${req.method} ${path}`, code: 100 } });
  }
}
