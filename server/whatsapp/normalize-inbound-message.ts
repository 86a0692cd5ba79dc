// Flattens one parsed inbound message into the record the database layer stores (its one-line preview:
// schema/whatsapp/preview-text.ts).

import {
  CAPTION_MAX_CHARS,
  capText,
  FILENAME_MAX_CHARS,
  TEXT_MAX_CHARS,
} from '../../schema/whatsapp/text-limits.ts';
import {
  type ContactCard,
  type InboundMessage,
  isKnownInboundMessage,
  type MediaObject,
  type WebhookError,
} from './webhook-payload.ts';

export type NormalizedMedia = {
  metaMediaId: string;
  mimeType: string | null;
  sha256: string | null;
  filename: string | null;
  caption: string | null;
  /** Audio recorded in WhatsApp (a voice note) rather than an attached audio file. */
  voice: boolean;
  animated: boolean;
};

export type NormalizedInboundMessage = {
  wamid: string;
  /** Phone-number based id; null when the customer withholds it (username users). */
  fromWaId: string | null;
  /** Business-scoped user id (BSUID), when Meta sends one. */
  fromUserId: string | null;
  /** Parent BSUID (spans a business's linked portfolios), when enabled. */
  fromParentUserId: string | null;
  /** App echoes: the customer the business wrote to (number, BSUID, parent BSUID). */
  to: { waId: string | null; userId: string | null; parentUserId: string | null };
  /** Epoch milliseconds. */
  timestamp: number;
  /** Meta's message type as received (also unknown ones). */
  type: string;
  /** The text shown in the thread (and the basis of the preview). */
  body: string;
  /** Type-specific JSON for the UI (the message's typed object, raw for unknown types). */
  payload: Record<string, unknown>;
  media?: NormalizedMedia;
  replyToWamid?: string;
  forwarded: boolean;
  frequentlyForwarded: boolean;
  reaction?: { targetWamid: string; emoji: string | null };
  /** The first error Meta attached (all of them are in `payload.errors`). */
  errors?: { code: number; title: string; detail: string };
  referral?: Record<string, unknown>;
  /** An edit or a delete (revoke) of an earlier message: applied to that message, never a new one. */
  change?: {
    kind: 'edit' | 'revoke';
    targetWamid: string;
    body: string | null;
    payload: Record<string, unknown> | null;
  };
  /**
   * The customer's further identifiers that join the same customer: a system message's new number or
   * BSUID, or the WhatsApp number a customer shares through a template's REQUEST_CONTACT_INFO button.
   */
  relink?: string[];
};

function toMs(timestamp: string | number): number {
  return Number(timestamp) * 1000;
}

function normalizeMedia(media: MediaObject): NormalizedMedia {
  return {
    metaMediaId: media.id,
    mimeType: media.mime_type ?? null,
    sha256: media.sha256 ?? null,
    filename: media.filename ?? null,
    caption: media.caption ?? null,
    voice: media.voice ?? false,
    animated: media.animated ?? false,
  };
}

function contactName(card: ContactCard): string {
  const name = card.name;
  const joined = [name?.first_name, name?.last_name].filter(Boolean).join(' ');
  return name?.formatted_name || joined || card.phones?.[0]?.phone || card.org?.company || 'Contact';
}

function errorReason(error: WebhookError | undefined): string | null {
  return error?.error_data?.details || error?.title || error?.message || null;
}

type Content = Pick<
  NormalizedInboundMessage,
  'body' | 'payload' | 'media' | 'reaction' | 'change' | 'relink'
>;

/** "Order: 2 × SKU-1 at 10.00 EUR; …" so that an operator reads the order in the thread and in a request. */
function orderText(order: {
  catalog_id?: string | undefined;
  text?: string | undefined;
  product_items: {
    product_retailer_id: string;
    quantity?: string | number | undefined;
    item_price?: string | number | undefined;
    currency?: string | undefined;
  }[];
}): string {
  const items = order.product_items.map((p) => {
    const quantity = p.quantity === undefined ? '' : `${p.quantity} × `;
    const price =
      p.item_price === undefined ? '' : ` at ${p.item_price}${p.currency ? ` ${p.currency}` : ''}`;
    return `${quantity}${p.product_retailer_id}${price}`;
  });
  const totals = new Map<string, number>();
  for (const p of order.product_items) {
    const q = Number(p.quantity ?? 1);
    const price = Number(p.item_price);
    if (!Number.isFinite(q) || !Number.isFinite(price)) continue;
    const c = p.currency ?? '';
    totals.set(c, (totals.get(c) ?? 0) + q * price);
  }
  const total = [...totals]
    .map(([c, sum]) => `${Math.round(sum * 100) / 100}${c ? ` ${c}` : ''}`)
    .join(' + ');
  const lines = [
    `Order${order.catalog_id ? ` (catalog ${order.catalog_id})` : ''}: ${items.join('; ') || 'no items'}`,
  ];
  if (total && order.product_items.length > 0) lines.push(`Total: ${total}`);
  if (order.text?.trim()) lines.push(order.text.trim());
  return lines.join('\n');
}

const FLOW_INTERNAL_KEYS = new Set(['flow_token']);

/** A Flow's answers as "Label: value" lines (keys made readable); the raw JSON stays in the payload. */
function flowAnswersText(responseJson: string, name: string | undefined): string {
  let answers: unknown;
  try {
    answers = JSON.parse(responseJson);
  } catch {
    return `Form response${name ? ` (${name})` : ''}: ${responseJson}`;
  }
  if (!answers || typeof answers !== 'object' || Array.isArray(answers))
    return `Form response: ${responseJson}`;
  const show = (v: unknown): string =>
    Array.isArray(v) ? v.map(show).join(', ') : v && typeof v === 'object' ? JSON.stringify(v) : String(v);
  const lines = Object.entries(answers)
    .filter(([k]) => !FLOW_INTERNAL_KEYS.has(k))
    .map(([k, v]) => {
      const label =
        k
          .replace(/^screen_\d+_/, '')
          .replace(/_\d+$/, '')
          .replaceAll('_', ' ')
          .trim() || k;
      return `${label.charAt(0).toUpperCase()}${label.slice(1)}: ${show(v)}`;
    });
  return [`Form response${name && name !== 'flow' ? ` (${name})` : ''}:`, ...lines].join('\n');
}

/** The new text of an edit: the inner message's text or caption. */
function editedBody(inner: unknown): string | null {
  if (!inner || typeof inner !== 'object') return null;
  const m = inner as Record<string, unknown>;
  const typed = typeof m.type === 'string' ? m[m.type] : undefined;
  for (const candidate of [typed, m.text, m]) {
    if (candidate && typeof candidate === 'object') {
      const c = candidate as Record<string, unknown>;
      if (typeof c.body === 'string') return c.body;
      if (typeof c.caption === 'string') return c.caption;
    }
  }
  return null;
}

function contentOf(message: InboundMessage): Content {
  if (!isKnownInboundMessage(message)) {
    // Unknown types (order, system…) keep the whole message; a `body` inside is the best text we have.
    const inner = (message as Record<string, unknown>)[message.type];
    const innerBody =
      inner && typeof inner === 'object' ? (inner as Record<string, unknown>).body : undefined;
    return {
      body: typeof innerBody === 'string' && innerBody ? innerBody : `[unsupported: ${message.type}]`,
      payload: { ...message },
    };
  }
  switch (message.type) {
    case 'text':
      return { body: message.text.body, payload: { ...message.text } };
    case 'image':
      return {
        body: message.image.caption ?? '',
        payload: { ...message.image },
        media: normalizeMedia(message.image),
      };
    case 'video':
      return {
        body: message.video.caption ?? '',
        payload: { ...message.video },
        media: normalizeMedia(message.video),
      };
    case 'audio':
      return { body: '', payload: { ...message.audio }, media: normalizeMedia(message.audio) };
    case 'sticker':
      return { body: '', payload: { ...message.sticker }, media: normalizeMedia(message.sticker) };
    case 'document':
      return {
        body: message.document.caption ?? message.document.filename ?? '',
        payload: { ...message.document },
        media: normalizeMedia(message.document),
      };
    case 'location': {
      const { name, address } = message.location;
      return {
        body: [name, address].filter((s) => s?.trim()).join(', ') || '📍 Location',
        payload: { ...message.location },
      };
    }
    case 'contacts': {
      // A reply to a template's REQUEST_CONTACT_INFO button is the customer's own card (origin
      // contact_request, ../shared/docs/whatsapp-2026.md §1): its WhatsApp numbers are theirs, so a
      // customer known only by username gets their number, and later messages from it join them.
      const own = message.contacts.find((c) => c.origin === 'contact_request');
      const relink = (own?.phones ?? []).flatMap((p) =>
        typeof p.wa_id === 'string' && /^\d{5,20}$/.test(p.wa_id) ? [p.wa_id] : [],
      );
      return {
        body: message.contacts.map(contactName).join(', '),
        payload: { contacts: message.contacts },
        ...(relink.length > 0 ? { relink } : {}),
      };
    }
    case 'interactive': {
      const i = message.interactive;
      if (i.nfm_reply)
        return { body: flowAnswersText(i.nfm_reply.response_json, i.nfm_reply.name), payload: { ...i } };
      const title = i.button_reply?.title ?? i.list_reply?.title;
      return { body: title ?? `[interactive: ${i.type}]`, payload: { ...i } };
    }
    case 'order':
      return { body: orderText(message.order), payload: { ...message.order } };
    case 'edit': {
      const body = editedBody(message.edit.message);
      return {
        body: body ?? '',
        payload: { ...message.edit },
        change: {
          kind: 'edit',
          targetWamid: message.edit.original_message_id,
          body,
          payload: { ...message.edit },
        },
      };
    }
    case 'revoke':
      return {
        body: '',
        payload: { ...message.revoke },
        change: {
          kind: 'revoke',
          targetWamid: message.revoke.original_message_id,
          body: null,
          payload: null,
        },
      };
    case 'system': {
      const sys = message.system;
      const relink = [sys.new_wa_id ?? sys.wa_id, sys.user_id, sys.parent_user_id].filter(
        (v): v is string => typeof v === 'string' && v.length > 0,
      );
      const what =
        sys.type === 'user_changed_user_id' ? 'changed their WhatsApp user id' : 'changed their number';
      return {
        body: sys.body?.trim() || `The customer ${what}`,
        payload: { ...sys },
        ...(relink.length > 0 ? { relink } : {}),
      };
    }
    case 'button':
      return { body: message.button.text, payload: { ...message.button } };
    case 'reaction': {
      const emoji = message.reaction.emoji || null;
      return {
        body: emoji ?? '',
        payload: { ...message.reaction },
        reaction: { targetWamid: message.reaction.message_id, emoji },
      };
    }
    case 'unsupported':
    case 'unknown': {
      const reason = errorReason(message.errors?.[0]) ?? message.unsupported?.type ?? 'unknown message type';
      return {
        body: `[unsupported: ${reason}]`,
        payload: { unsupported: message.unsupported ?? null, errors: message.errors ?? [] },
      };
    }
  }
}

const CAPTIONED = new Set(['image', 'video', 'document']);

/** Strings anywhere in a payload cut to Meta's text limit (a signed body can still carry megabytes). */
function capStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return capText(value, TEXT_MAX_CHARS);
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => capStrings(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capStrings(v, depth + 1)]));
}

/** The message's content within Meta's limits: text 4,096 characters, captions 1,024, file names 240. */
function withinLimits(type: string, content: Content): Content {
  const capped: Content = {
    ...content,
    body: capText(content.body, CAPTIONED.has(type) ? CAPTION_MAX_CHARS : TEXT_MAX_CHARS),
    payload: capStrings(content.payload) as Content['payload'],
  };
  if (content.media) {
    capped.media = {
      ...content.media,
      caption: content.media.caption === null ? null : capText(content.media.caption, CAPTION_MAX_CHARS),
      filename: content.media.filename === null ? null : capText(content.media.filename, FILENAME_MAX_CHARS),
    };
  }
  return capped;
}

export function normalizeInboundMessage(message: InboundMessage): NormalizedInboundMessage {
  const content = withinLimits(message.type, contentOf(message));
  const record: NormalizedInboundMessage = {
    wamid: message.id,
    fromWaId: message.from ?? null,
    fromUserId: message.from_user_id ?? null,
    fromParentUserId: message.from_parent_user_id ?? null,
    to: {
      waId: message.to ?? null,
      userId: message.to_user_id ?? null,
      parentUserId: message.to_parent_user_id ?? null,
    },
    timestamp: toMs(message.timestamp),
    type: message.type,
    body: content.body,
    payload: content.payload,
    forwarded: message.context?.forwarded ?? false,
    frequentlyForwarded: message.context?.frequently_forwarded ?? false,
  };
  if (content.media) record.media = content.media;
  if (content.reaction) record.reaction = content.reaction;
  if (content.change) record.change = content.change;
  if (content.relink) record.relink = content.relink;
  // A button tap's context points at the template it answers: that is a reply too.
  if (message.context?.id) record.replyToWamid = message.context.id;
  const firstError = message.errors?.[0];
  if (firstError) {
    record.errors = {
      code: firstError.code,
      title: firstError.title ?? firstError.message ?? '',
      detail: firstError.error_data?.details ?? '',
    };
    if (!('errors' in record.payload)) record.payload = { ...record.payload, errors: message.errors };
  }
  if (message.referral) record.referral = { ...message.referral };
  return record;
}
