// Typed client for the WhatsApp Cloud API (Graph). It does not retry: every failure becomes a
// GraphApiError with a classification, and the outbox decides (see retry-delay.ts).
import type { z } from 'zod';
import type { GraphTemplateComponent } from '../../schema/whatsapp/render-template.ts';
import type { MetaTemplate } from '../../schema/whatsapp/template-schema.ts';
import { CAPTION_MAX_CHARS, TEXT_MAX_CHARS } from '../../schema/whatsapp/text-limits.ts';
import { GraphApiError, graphErrorFromResponse } from './graph-error.ts';
import {
  type MediaUrlResponse,
  markReadResponseSchema,
  mediaUrlResponseSchema,
  type PhoneNumberInfo,
  phoneNumberResponseSchema,
  sendMessageResponseSchema,
  templatesPageSchema,
  threadControlResponseSchema,
  uploadMediaResponseSchema,
} from './graph-response-schemas.ts';

export type GraphClientOptions = {
  /** Base URL including the version, e.g. https://graph.facebook.com/v27.0 */
  graphUrl: string;
  accessToken: string;
  phoneNumberId: string;
  wabaId: string;
  /** Per request (JSON calls). */
  timeoutMs: number;
  /** For media up/downloads (up to 100 MB); defaults to 4 × timeoutMs. */
  mediaTimeoutMs?: number;
  /**
   * How a customer known only by business-scoped user id is addressed: Meta's `recipient` field (the
   * default, as Meta documents and most integrators report; a BSUID in `to` is said to be dropped) or
   * `to` (as some report). Phone numbers always go in `to`.
   */
  bsuidAddressField?: 'recipient' | 'to';
  /**
   * Hosts a media download URL may name (`*.` for subdomains): only they, and the Graph origin itself,
   * receive the access token. Meta's media hosts by default (WHATSAPP_MEDIA_HOSTS overrides).
   */
  mediaHosts?: readonly string[];
  fetch?: typeof fetch;
};

/** Where Meta's short-lived media URLs point (lookaside.fbsbx.com today). */
export const META_MEDIA_HOSTS = ['lookaside.fbsbx.com', '*.fbsbx.com', '*.whatsapp.net'] as const;

/** A media id as Meta issues them: a single path segment (no `/`, `..` or escapes out of /vNN.0). */
export function isValidMediaId(mediaId: string): boolean {
  return /^[A-Za-z0-9_-]{1,128}$/.test(mediaId);
}

function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  return allowed.some((pattern) => {
    const p = pattern.trim().toLowerCase();
    return p.startsWith('*.') ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
  });
}

export type SentMessage = {
  /** Meta's id for the message: statuses and replies refer to it. */
  wamid: string;
  /** The recipient as Meta resolved it (may differ from what was dialled). */
  waId: string | null;
  messageStatus: string | null;
};

/** A business-scoped user id (`US.13491208655302741918`, parent `US.ENT.…`), not a phone number. */
export function isBusinessScopedUserId(address: string): boolean {
  return /^[A-Z]{2}\.[A-Za-z0-9.]+$/.test(address);
}

export type SendMediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

export const TEMPLATE_FIELDS = 'name,language,status,category,components,parameter_format,id';
export const PHONE_NUMBER_FIELDS =
  'id,display_phone_number,verified_name,quality_rating,code_verification_status,name_status,platform_type,throughput';
// Following paging.next forever would hang a sync on a misbehaving server.
const MAX_TEMPLATE_PAGES = 200;

type RequestInit = { method: 'GET' | 'POST'; body?: string | FormData; json?: boolean; media?: boolean };

export class GraphClient {
  readonly #base: string;
  readonly #origin: string;
  readonly #token: string;
  readonly #phoneNumberId: string;
  readonly #wabaId: string;
  readonly #timeoutMs: number;
  readonly #mediaTimeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #bsuidField: 'recipient' | 'to';
  readonly #mediaHosts: readonly string[];

  constructor(options: GraphClientOptions) {
    const url = new URL(options.graphUrl); // throws early on a malformed setting
    this.#base = options.graphUrl.replace(/\/+$/, '');
    this.#origin = url.origin;
    this.#token = options.accessToken;
    this.#phoneNumberId = options.phoneNumberId;
    this.#wabaId = options.wabaId;
    this.#timeoutMs = options.timeoutMs;
    this.#mediaHosts = options.mediaHosts ?? META_MEDIA_HOSTS;
    this.#mediaTimeoutMs = options.mediaTimeoutMs ?? options.timeoutMs * 4;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#bsuidField = options.bsuidAddressField ?? 'recipient';
  }

  sendText(to: string, body: string, options: { replyToWamid?: string; previewUrl?: boolean } = {}) {
    if (body.length === 0 || body.length > TEXT_MAX_CHARS) {
      throw new RangeError(
        `A WhatsApp text must have 1 to ${TEXT_MAX_CHARS} characters (got ${body.length}).`,
      );
    }
    return this.#send(to, 'text', { preview_url: options.previewUrl ?? false, body }, options.replyToWamid);
  }

  sendTemplate(
    to: string,
    template: { name: string; language: string; components?: readonly GraphTemplateComponent[] },
    replyToWamid?: string,
  ) {
    const content: Record<string, unknown> = {
      name: template.name,
      // deterministic: the only policy Meta supports, and the spec's LanguageObject requires it.
      language: { policy: 'deterministic', code: template.language },
    };
    if (template.components && template.components.length > 0) content.components = template.components;
    return this.#send(to, 'template', content, replyToWamid);
  }

  sendMedia(
    to: string,
    kind: SendMediaKind,
    media: { mediaId: string; caption?: string; filename?: string },
    replyToWamid?: string,
  ) {
    const content: Record<string, unknown> = { id: media.mediaId };
    if (media.caption) {
      // Meta rejects captions on audio and stickers instead of ignoring them.
      if (kind === 'audio' || kind === 'sticker')
        throw new RangeError(`A ${kind} message cannot have a caption.`);
      if (media.caption.length > CAPTION_MAX_CHARS) {
        throw new RangeError(`A caption may have at most ${CAPTION_MAX_CHARS} characters.`);
      }
      content.caption = media.caption;
    }
    if (media.filename && kind === 'document') content.filename = media.filename;
    return this.#send(to, kind, content, replyToWamid);
  }

  /** `emoji: ''` removes our reaction. */
  sendReaction(to: string, targetWamid: string, emoji: string) {
    return this.#send(to, 'reaction', { message_id: targetWamid, emoji });
  }

  /** Marks an inbound message (and the ones before it) read; `typing` also shows "typing…" for up to 25 s. */
  async markRead(wamid: string, options: { typing?: boolean } = {}): Promise<void> {
    const body: Record<string, unknown> = {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: wamid,
    };
    if (options.typing) body.typing_indicator = { type: 'text' };
    await this.#call(markReadResponseSchema, this.#url(`${this.#phoneNumberId}/messages`), {
      method: 'POST',
      body: JSON.stringify(body),
      json: true,
    });
  }

  /**
   * Meta's Thread control API (Conversation Routing, numbers running Meta Business Agent): "take" makes
   * this app the thread's owner (allowed to the business's escalation partner), "release" gives it up
   * so that entry-point routing (the agent, by default) answers the customer's next message. The
   * customer is addressed like a message (a business-scoped user id through `recipient` or `to`).
   */
  async threadControl(to: string, action: 'take' | 'release'): Promise<void> {
    const field = isBusinessScopedUserId(to) ? this.#bsuidField : 'to';
    await this.#call(threadControlResponseSchema, this.#url(`${this.#phoneNumberId}/thread_control`), {
      method: 'POST',
      body: JSON.stringify({ messaging_product: 'whatsapp', [field]: to, action }),
      json: true,
    });
  }

  /** Uploads a file for sending; the returned media id is valid for 30 days. */
  async uploadMedia(bytes: Uint8Array, mimeType: string, filename: string): Promise<{ mediaId: string }> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', mimeType);
    form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }), filename);
    const result = await this.#call(uploadMediaResponseSchema, this.#url(`${this.#phoneNumberId}/media`), {
      method: 'POST',
      body: form,
      media: true,
    });
    return { mediaId: result.id };
  }

  /** Resolves a media id (inbound ones stay valid 7 days) to a download URL valid for 5 minutes. */
  getMediaUrl(mediaId: string): Promise<MediaUrlResponse> {
    if (!isValidMediaId(mediaId))
      return Promise.reject(
        new GraphApiError({ httpStatus: null, message: `Not a media id: "${mediaId.slice(0, 40)}".` }),
      );
    return this.#call(mediaUrlResponseSchema, this.#url(mediaId), { method: 'GET' });
  }

  /** Downloads with the same bearer token; a 404 means the URL expired (ask getMediaUrl again). */
  async downloadMedia(url: string): Promise<Uint8Array> {
    const target = new URL(url);
    // The bearer token goes only where Graph itself is, or over https to Meta's media hosts: a Graph
    // answer naming any other host (a compromised or crafted response) does not get it.
    const toGraph = target.origin === this.#origin;
    if (!toGraph && (target.protocol !== 'https:' || !hostAllowed(target.hostname, this.#mediaHosts))) {
      throw new GraphApiError({
        httpStatus: null,
        message: `Refusing to send the access token to ${target.origin}.`,
      });
    }
    const response = await this.#fetchWithTimeout(target.href, { method: 'GET', media: true });
    try {
      return new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw this.#transportError(error, true);
    }
  }

  /** All templates of the WABA, following paging.next through every page. */
  async listTemplates(): Promise<MetaTemplate[]> {
    const first = this.#url(`${this.#wabaId}/message_templates`);
    first.searchParams.set('fields', TEMPLATE_FIELDS);
    first.searchParams.set('limit', '100');
    const templates: MetaTemplate[] = [];
    const seen = new Set<string>();
    let next: URL | null = first;
    while (next) {
      if (seen.has(next.href) || seen.size >= MAX_TEMPLATE_PAGES) {
        throw new GraphApiError({
          httpStatus: null,
          message: 'Template paging does not end (repeated or too many pages).',
        });
      }
      seen.add(next.href);
      const page: z.output<typeof templatesPageSchema> = await this.#call(templatesPageSchema, next, {
        method: 'GET',
      });
      templates.push(...page.data);
      next = page.paging?.next ? this.#sameOriginUrl(page.paging.next) : null;
    }
    return templates;
  }

  /** Phone number details, for the "Test connection" button (also proves the token works). */
  getPhoneNumber(): Promise<PhoneNumberInfo> {
    const url = this.#url(this.#phoneNumberId);
    url.searchParams.set('fields', PHONE_NUMBER_FIELDS);
    return this.#call(phoneNumberResponseSchema, url, { method: 'GET' });
  }

  async #send(
    to: string,
    type: string,
    content: Record<string, unknown>,
    replyToWamid?: string,
  ): Promise<SentMessage> {
    const field = isBusinessScopedUserId(to) ? this.#bsuidField : 'to';
    const body: Record<string, unknown> = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      [field]: to,
    };
    if (replyToWamid) body.context = { message_id: replyToWamid };
    body.type = type;
    body[type] = content;
    const result = await this.#call(sendMessageResponseSchema, this.#url(`${this.#phoneNumberId}/messages`), {
      method: 'POST',
      body: JSON.stringify(body),
      json: true,
    });
    const [message] = result.messages;
    return {
      wamid: message?.id ?? '',
      waId: result.contacts?.[0]?.wa_id ?? null,
      messageStatus: message?.message_status ?? null,
    };
  }

  #url(path: string): URL {
    return new URL(`${this.#base}/${path.split('/').map(encodeURIComponent).join('/')}`);
  }

  // paging.next is absolute and carries our token's request: only follow it on the Graph host.
  #sameOriginUrl(href: string): URL {
    const url = new URL(href, this.#base);
    if (url.origin !== this.#origin) {
      throw new GraphApiError({ httpStatus: null, message: `Refusing to follow paging to ${url.origin}.` });
    }
    return url;
  }

  async #call<S extends z.ZodType>(schema: S, url: URL, init: RequestInit): Promise<z.output<S>> {
    const response = await this.#fetchWithTimeout(url.href, init);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.#transportError(error, init.media ?? false);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new GraphApiError({
        httpStatus: response.status,
        message: `Unexpected Graph API response from ${url.pathname}: ${parsed.error.issues[0]?.message ?? 'not JSON'}`,
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  async #fetchWithTimeout(href: string, init: RequestInit): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.#token}` };
    if (init.json) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await this.#fetch(href, {
        method: init.method,
        headers,
        ...(init.body === undefined ? {} : { body: init.body }),
        signal: AbortSignal.timeout(init.media ? this.#mediaTimeoutMs : this.#timeoutMs),
      });
    } catch (error) {
      throw this.#transportError(error, init.media ?? false);
    }
    if (!response.ok) {
      let text = '';
      try {
        text = await response.text();
      } catch {
        // the status alone classifies the error
      }
      throw graphErrorFromResponse(response.status, text);
    }
    return response;
  }

  #transportError(error: unknown, media: boolean): GraphApiError {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const ms = media ? this.#mediaTimeoutMs : this.#timeoutMs;
    return new GraphApiError({
      httpStatus: null,
      message: timedOut
        ? `Graph API did not answer within ${ms} ms.`
        : `Graph API unreachable: ${error instanceof Error ? error.message : String(error)}`,
      timedOut,
      networkError: !timedOut,
      cause: error,
    });
  }
}
