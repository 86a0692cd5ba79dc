// Turns a decoded webhook body into the flat lists the database layer applies in one transaction.
// Item by item, so one unreadable message (Meta adds shapes over time) is kept as "unreadable" and
// never blocks the rest of the batch; only a body that is not a WhatsApp payload at all is refused.

import { displaySafeName } from '../../schema/display-safe-text.ts';
import { capText, PROFILE_NAME_MAX_CHARS } from '../../schema/whatsapp/text-limits.ts';
import {
  type NormalizedInboundMessage,
  normalizeInboundMessage,
} from '../whatsapp/normalize-inbound-message.ts';
import {
  inboundMessageSchema,
  templateStatusUpdateValueSchema,
  webhookContactSchema,
  webhookErrorSchema,
  webhookMetadataSchema,
  webhookStatusSchema,
} from '../whatsapp/webhook-payload.ts';

export type InboundItem = {
  phoneNumberId: string;
  /** wa_id, or the business-scoped user id when the customer withholds their number. */
  contactKey: string;
  message: NormalizedInboundMessage;
};

export type StatusItem = {
  phoneNumberId: string;
  wamid: string;
  status: string;
  /** Epoch ms. */
  at: number;
  error: { code: number; title: string; detail: string } | null;
};

export type TemplateUpdateItem = {
  wabaId: string;
  metaId: string;
  name: string;
  language: string;
  event: string;
  reason: string | null;
};

export type WebhookPlan = {
  /** Phone number ids of every `messages` change, in order of appearance. */
  phoneNumberIds: string[];
  /** Inbound messages except reactions, de-duplicated by wamid. */
  messages: InboundItem[];
  reactions: InboundItem[];
  statuses: StatusItem[];
  templateUpdates: TemplateUpdateItem[];
  /** Profile names from `contacts[]` by contact key (the latest in the body wins). */
  profileNames: Map<string, string>;
  /** Items we understood. */
  understood: number;
  /** What could not be read or is not processed, for webhook_event.error and the log. */
  notes: string[];
};

export type PlanResult = { ok: true; plan: WebhookPlan } | { ok: false; error: string };

// Meta's timestamps are unix seconds; anything before WhatsApp existed is not a real send time.
const MIN_MS = Date.UTC(2009, 0, 1);
const MAX_NOTES = 20;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// Meta's clock may run a little ahead of ours; a time further ahead is not a send time. Left as is it
// would top the Chats table for good and hold the 24-hour window open: it becomes the time of receipt.
const MAX_AHEAD_MS = 5 * 60_000;

/** Meta's time of an event (epoch ms), or `receivedAt` when it is implausible or in the future. */
function saneMs(ms: number, receivedAt: number): number {
  return Number.isFinite(ms) && ms >= MIN_MS && ms <= receivedAt + MAX_AHEAD_MS ? Math.trunc(ms) : receivedAt;
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `${path ? `${path.replace(/^\./, '')}: ` : ''}${issue.message}`;
}

/** A message the schema rejects but that names its id and sender is kept as unreadable, never lost. */
function salvageMessage(raw: unknown, reason: string, receivedAt: number): NormalizedInboundMessage | null {
  if (!isRecord(raw)) return null;
  const id = typeof raw.id === 'string' && raw.id.length > 0 ? raw.id : null;
  const from = typeof raw.from === 'string' && raw.from.length > 0 ? raw.from : null;
  const fromUserId =
    typeof raw.from_user_id === 'string' && raw.from_user_id.length > 0 ? raw.from_user_id : null;
  if (!id || (!from && !fromUserId)) return null;
  const type = typeof raw.type === 'string' && raw.type.length > 0 ? raw.type.slice(0, 40) : 'unknown';
  return {
    wamid: id,
    fromWaId: from,
    fromUserId,
    timestamp: saneMs(
      typeof raw.timestamp === 'string' || typeof raw.timestamp === 'number'
        ? Number(raw.timestamp) * 1000
        : NaN,
      receivedAt,
    ),
    type: 'unreadable',
    body: `[unreadable ${type} message]`,
    payload: { original: raw, reason },
    forwarded: false,
    frequentlyForwarded: false,
    errors: { code: 0, title: 'Unreadable message', detail: reason.slice(0, 500) },
  };
}

function statusError(
  errors: { code: number; title?: string; message?: string; error_data?: { details?: string } }[] | undefined,
) {
  const e = errors?.[0];
  if (!e) return null;
  return {
    code: e.code,
    title: e.title ?? e.message ?? '',
    detail: e.error_data?.details ?? e.message ?? '',
  };
}

/**
 * `json` is the decoded body. `receivedAt` (epoch ms) replaces timestamps that are not plausible.
 * Fails only when the body is not a WhatsApp Business Account payload or nothing in it is readable.
 */
export function planWebhookBatch(json: unknown, receivedAt: number): PlanResult {
  if (!isRecord(json)) return { ok: false, error: 'the body is not a JSON object' };
  if (json.object !== 'whatsapp_business_account')
    return {
      ok: false,
      error: `object is ${JSON.stringify(json.object)?.slice(0, 60) ?? 'missing'}, not "whatsapp_business_account"`,
    };
  if (!Array.isArray(json.entry)) return { ok: false, error: 'entry is not an array' };

  const plan: WebhookPlan = {
    phoneNumberIds: [],
    messages: [],
    reactions: [],
    statuses: [],
    templateUpdates: [],
    profileNames: new Map(),
    understood: 0,
    notes: [],
  };
  let noteCount = 0;
  const note = (text: string) => {
    noteCount += 1;
    if (plan.notes.length < MAX_NOTES) plan.notes.push(text);
  };
  const seenWamids = new Set<string>();
  const pnids = new Set<string>();

  const planMessagesValue = (value: Record<string, unknown>, where: string) => {
    const metadata = webhookMetadataSchema.safeParse(value.metadata);
    if (!metadata.success) {
      note(`${where}.value.metadata: ${firstIssue(metadata.error)}`);
      return;
    }
    const phoneNumberId = metadata.data.phone_number_id;
    if (!pnids.has(phoneNumberId)) {
      pnids.add(phoneNumberId);
      plan.phoneNumberIds.push(phoneNumberId);
    }
    plan.understood += 1;

    if (Array.isArray(value.contacts)) {
      for (const raw of value.contacts) {
        const contact = webhookContactSchema.safeParse(raw);
        const key = contact.success ? (contact.data.wa_id ?? contact.data.user_id) : undefined;
        const name = contact.success ? contact.data.profile?.name?.trim() : undefined;
        const safe = name ? capText(displaySafeName(name), PROFILE_NAME_MAX_CHARS) : '';
        if (key && safe) plan.profileNames.set(key, safe);
      }
    }

    if (Array.isArray(value.messages)) {
      for (const [m, raw] of value.messages.entries()) {
        const parsed = inboundMessageSchema.safeParse(raw);
        let message: NormalizedInboundMessage | null;
        if (parsed.success) {
          message = normalizeInboundMessage(parsed.data);
          message.timestamp = saneMs(message.timestamp, receivedAt);
        } else {
          const reason = firstIssue(parsed.error);
          message = salvageMessage(raw, reason, receivedAt);
          note(`${where}.value.messages[${m}]: ${reason}${message ? ' (kept as unreadable)' : ''}`);
        }
        const contactKey = message ? (message.fromWaId ?? message.fromUserId) : null;
        if (!message || !contactKey || seenWamids.has(message.wamid)) continue;
        seenWamids.add(message.wamid);
        (message.reaction ? plan.reactions : plan.messages).push({ phoneNumberId, contactKey, message });
      }
    } else if (value.messages !== undefined) note(`${where}.value.messages: not an array`);

    if (Array.isArray(value.statuses)) {
      for (const [i, raw] of value.statuses.entries()) {
        const parsed = webhookStatusSchema.safeParse(raw);
        if (!parsed.success) {
          note(`${where}.value.statuses[${i}]: ${firstIssue(parsed.error)}`);
          continue;
        }
        const st = parsed.data;
        plan.statuses.push({
          phoneNumberId,
          wamid: st.id,
          status: st.status,
          at: saneMs(Number(st.timestamp) * 1000, receivedAt),
          error: statusError(st.errors),
        });
      }
    } else if (value.statuses !== undefined) note(`${where}.value.statuses: not an array`);

    if (Array.isArray(value.errors)) {
      for (const raw of value.errors) {
        const parsed = webhookErrorSchema.safeParse(raw);
        const err = parsed.success ? parsed.data : null;
        const text = err
          ? `${err.code} ${err.title ?? err.message ?? ''} ${err.error_data?.details ?? ''}`.trim()
          : 'unreadable error';
        note(`${where}.value.errors: ${text}`);
      }
    }
  };

  const planChange = (change: unknown, where: string, wabaId: string) => {
    if (!isRecord(change) || typeof change.field !== 'string') {
      note(`${where}: not a change with a field`);
      return;
    }
    if (change.field === 'message_template_status_update') {
      const parsed = templateStatusUpdateValueSchema.safeParse(change.value);
      if (!parsed.success) {
        note(`${where}.value: ${firstIssue(parsed.error)}`);
        return;
      }
      const v = parsed.data;
      plan.templateUpdates.push({
        wabaId,
        metaId: String(v.message_template_id),
        name: v.message_template_name,
        language: v.message_template_language,
        event: v.event,
        reason: v.reason && v.reason !== 'NONE' ? v.reason : null,
      });
      plan.understood += 1;
      return;
    }
    if (change.field !== 'messages') {
      // account_update, security, … are kept in the stored body but change nothing here.
      plan.understood += 1;
      note(`${where}: field "${change.field.slice(0, 60)}" is stored, not processed`);
      return;
    }
    if (!isRecord(change.value)) {
      note(`${where}.value: not an object`);
      return;
    }
    planMessagesValue(change.value, where);
  };

  for (const [e, entry] of json.entry.entries()) {
    if (!isRecord(entry) || !Array.isArray(entry.changes)) {
      note(`entry[${e}]: not an entry with changes[]`);
      continue;
    }
    const wabaId = typeof entry.id === 'string' || typeof entry.id === 'number' ? String(entry.id) : '';
    for (const [c, change] of entry.changes.entries())
      planChange(change, `entry[${e}].changes[${c}]`, wabaId);
  }

  if (noteCount > plan.notes.length) plan.notes.push(`… and ${noteCount - plan.notes.length} more`);
  if (plan.understood === 0 && noteCount > 0) {
    return { ok: false, error: plan.notes.slice(0, 5).join('; ') };
  }
  return { ok: true, plan };
}
