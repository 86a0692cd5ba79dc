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
import { type HandoverItem, planHandover } from './plan-handovers.ts';

export type InboundItem = {
  phoneNumberId: string;
  /** wa_id, or the business-scoped user id when the customer withholds their number. */
  contactKey: string;
  /** The customer's identifiers, most stable first: parent BSUID, BSUID, number (see resolve-contact-keys.ts). */
  identities: string[];
  /** 'out': written by the business elsewhere (the Business app, Meta's Business Agent). */
  direction: 'in' | 'out';
  /** See migration 011 (message.origin): business_app, business_agent, standby, call; null otherwise. */
  origin: string | null;
  message: NormalizedInboundMessage;
};

export type PreferenceItem = {
  phoneNumberId: string;
  contactKey: string;
  identities: string[];
  /** true: "stop" marketing messages; false: "resume". */
  optOut: boolean;
  at: number;
};

export type AccountUpdateItem = {
  wabaId: string;
  event: string;
  /** What an admin must know (shown in the channel health banner); null clears an earlier alert. */
  alert: string | null;
  at: number;
};

export type TemplateCategoryItem = { wabaId: string; name: string; language: string; category: string };

export type StatusItem = {
  phoneNumberId: string;
  wamid: string;
  status: string;
  /** Epoch ms. */
  at: number;
  error: { code: number; title: string; detail: string } | null;
  pricing: { category: string | null; type: string | null; billable: boolean | null } | null;
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
  /** Inbound messages (and app echoes, calls, system messages) except reactions and edits, de-duplicated by wamid. */
  messages: InboundItem[];
  reactions: InboundItem[];
  /** Edits and deletes (revoke) of earlier messages. */
  changes: InboundItem[];
  statuses: StatusItem[];
  templateUpdates: TemplateUpdateItem[];
  templateCategories: TemplateCategoryItem[];
  preferences: PreferenceItem[];
  accountUpdates: AccountUpdateItem[];
  /** messaging_handovers: who owns a customer's thread now (Meta Business Agent, this app, another). */
  handovers: HandoverItem[];
  /** Profile names from `contacts[]` by contact key (the latest in the body wins). */
  profileNames: Map<string, string>;
  /** WhatsApp usernames from `contacts[].profile.username` by contact key. */
  usernames: Map<string, string>;
  /** What was read and deliberately not acted on (e.g. a call ringing, a contact-book sync). */
  notActionable: string[];
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
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  const context = isRecord(raw.context) ? raw.context : null;
  const metaErrors = Array.isArray(raw.errors) ? raw.errors.map((e) => webhookErrorSchema.safeParse(e)) : [];
  const metaError = metaErrors.find((e) => e.success)?.data;
  const salvaged: NormalizedInboundMessage = {
    wamid: id,
    fromWaId: from,
    fromUserId,
    fromParentUserId: str(raw.from_parent_user_id),
    to: { waId: str(raw.to), userId: str(raw.to_user_id), parentUserId: str(raw.to_parent_user_id) },
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
  // Meta's own per-message error (e.g. 131000 on a message it could not fully deliver to us): keep it
  // and the reply link rather than our parse failure, which only follows from the missing content.
  if (metaError) {
    salvaged.type = type;
    salvaged.body = `[${type} message: ${metaError.error_data?.details || metaError.title || metaError.message || `error ${metaError.code}`}]`;
    salvaged.errors = {
      code: metaError.code,
      title: metaError.title ?? metaError.message ?? '',
      detail: metaError.error_data?.details ?? '',
    };
    salvaged.payload = { original: raw, errors: raw.errors };
  }
  const replyTo = str(context?.id);
  if (replyTo) salvaged.replyToWamid = replyTo;
  return salvaged;
}

/** A customer's identifiers, most stable first (parent BSUID, BSUID, number); see resolve-contact-keys.ts. */
function identitiesOf(ids: (string | null | undefined)[]): string[] {
  return [...new Set(ids.filter((v): v is string => typeof v === 'string' && v.length > 0))];
}

const ALERT_EVENTS = new Set([
  'ACCOUNT_VIOLATION',
  'ACCOUNT_RESTRICTION',
  'DISABLED_UPDATE',
  'ACCOUNT_DELETED',
  'BUSINESS_PRIMARY_LOCATION_COUNTRY_UPDATE_REJECTED',
]);

/** An account_update event as the health banner's text, null for an event that needs nobody. */
function accountAlert(value: Record<string, unknown>): { event: string; alert: string | null } | null {
  const event = typeof value.event === 'string' ? value.event : null;
  if (!event) return null;
  if (!ALERT_EVENTS.has(event)) return { event, alert: null };
  const violation = isRecord(value.violation_info) ? value.violation_info : null;
  const restrictions = Array.isArray(value.restriction_info) ? value.restriction_info.filter(isRecord) : [];
  const ban = isRecord(value.ban_info) ? value.ban_info : null;
  if (event === 'ACCOUNT_RESTRICTION' && restrictions.length === 0) return { event, alert: null };
  if (ban && ban.waba_ban_state === 'REINSTATE') return { event, alert: null };
  const words = event.toLowerCase().replaceAll('_', ' ');
  const details = [
    violation?.violation_type,
    ...restrictions.map((r) =>
      [
        r.restriction_type,
        typeof r.expiration === 'number'
          ? `until ${new Date(r.expiration * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`
          : null,
      ]
        .filter(Boolean)
        .join(' '),
    ),
    ban?.waba_ban_state,
    typeof value.reason === 'string' ? value.reason : null,
  ].filter((d): d is string => typeof d === 'string' && d.length > 0);
  const text = `Meta reports ${words}${details.length > 0 ? `: ${details.join('; ')}` : ''}.`;
  return { event, alert: capText(text, 500) };
}

/** A `calls` webhook item as a thread event (terminate) or null (connect: the outcome comes later). */
function callEvent(raw: Record<string, unknown>, receivedAt: number): NormalizedInboundMessage | null {
  const id = typeof raw.id === 'string' ? raw.id : null;
  if (!id || raw.event !== 'terminate') return null;
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  const duration = Number(raw.duration);
  const answered = Number.isFinite(duration) && duration > 0 && raw.status !== 'FAILED';
  const minutes = Math.floor(duration / 60);
  const length = answered ? `${minutes > 0 ? `${minutes} min ` : ''}${Math.round(duration % 60)} s` : '';
  const businessInitiated = String(raw.direction ?? '').startsWith('BUSINESS');
  const body = answered
    ? `📞 ${businessInitiated ? 'Call to the customer' : 'Call'}, ${length}`
    : `📞 ${businessInitiated ? 'Unanswered call to the customer' : 'Missed call'}`;
  return {
    wamid: `${id}:terminate`,
    fromWaId: str(raw.from),
    fromUserId: str(raw.from_user_id),
    fromParentUserId: str(raw.from_parent_user_id),
    to: { waId: str(raw.to), userId: str(raw.to_user_id), parentUserId: str(raw.to_parent_user_id) },
    timestamp: saneMs(Number(raw.timestamp) * 1000, receivedAt),
    type: 'call',
    body,
    payload: { ...raw },
    forwarded: false,
    frequentlyForwarded: false,
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
    changes: [],
    statuses: [],
    templateUpdates: [],
    templateCategories: [],
    preferences: [],
    accountUpdates: [],
    handovers: [],
    profileNames: new Map(),
    usernames: new Map(),
    notActionable: [],
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

  type Mode = 'messages' | 'echoes' | 'standby' | 'calls' | 'preferences' | 'history';
  const planMessagesValue = (value: Record<string, unknown>, where: string, mode: Mode) => {
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
        const key = contact.success
          ? (contact.data.wa_id ?? contact.data.user_id ?? contact.data.parent_user_id)
          : undefined;
        const name = contact.success ? contact.data.profile?.name?.trim() : undefined;
        const safe = name ? capText(displaySafeName(name), PROFILE_NAME_MAX_CHARS) : '';
        if (key && safe) plan.profileNames.set(key, safe);
        const username = contact.success ? contact.data.profile?.username?.trim() : undefined;
        const safeUsername = username ? capText(displaySafeName(username), PROFILE_NAME_MAX_CHARS) : '';
        if (key && safeUsername) plan.usernames.set(key, safeUsername);
      }
    }

    const push = (message: NormalizedInboundMessage, direction: 'in' | 'out', origin: string | null) => {
      // The customer is the sender of what they write and the addressee of the business's echoes.
      const identities =
        direction === 'in'
          ? identitiesOf([message.fromParentUserId, message.fromUserId, message.fromWaId])
          : identitiesOf([message.to.parentUserId, message.to.userId, message.to.waId]);
      const contactKey =
        direction === 'in'
          ? (message.fromWaId ?? message.fromUserId ?? message.fromParentUserId)
          : (message.to.waId ?? message.to.userId ?? message.to.parentUserId);
      if (!contactKey || seenWamids.has(message.wamid)) return;
      seenWamids.add(message.wamid);
      const item: InboundItem = { phoneNumberId, contactKey, identities, direction, origin, message };
      if (message.change) plan.changes.push(item);
      else if (message.reaction) {
        // A reaction the business set on its phone is not the customer's: recorded, not shown as theirs.
        if (direction === 'out') plan.notActionable.push(`${message.wamid}: the business's own reaction`);
        else plan.reactions.push(item);
      } else plan.messages.push(item);
    };
    const planMessages = (list: unknown, key: string, direction: 'in' | 'out', origin: string | null) => {
      if (list === undefined) return;
      if (!Array.isArray(list)) {
        note(`${where}.value.${key}: not an array`);
        return;
      }
      for (const [m, raw] of list.entries()) {
        const parsed = inboundMessageSchema.safeParse(raw);
        let message: NormalizedInboundMessage | null;
        if (parsed.success) {
          message = normalizeInboundMessage(parsed.data);
          message.timestamp = saneMs(message.timestamp, receivedAt);
        } else {
          const reason = firstIssue(parsed.error);
          message = salvageMessage(raw, reason, receivedAt);
          // Content missing because Meta reports an error for the message (e.g. 131000) is Meta's
          // documented shape, kept with that error: nothing of the body went unread.
          if (message?.type === 'unreadable' || !message)
            note(`${where}.value.${key}[${m}]: ${reason}${message ? ' (kept as unreadable)' : ''}`);
        }
        if (message) push(message, direction, origin);
      }
    };
    if (mode === 'messages') planMessages(value.messages, 'messages', 'in', null);
    if (mode === 'standby') {
      // Meta's Business Agent is in control: the customer's turns and the agent's replies, read-only.
      planMessages(value.messages, 'messages', 'in', 'standby');
      planMessages(value.message_echoes, 'message_echoes', 'out', 'business_agent');
    }
    if (mode === 'echoes') planMessages(value.message_echoes, 'message_echoes', 'out', 'business_app');
    if (mode === 'calls' && Array.isArray(value.calls)) {
      for (const raw of value.calls) {
        if (!isRecord(raw)) continue;
        const event = callEvent(raw, receivedAt);
        if (!event) {
          plan.notActionable.push(
            `call ${String(raw.id ?? '?').slice(0, 80)}: ${String(raw.event ?? '?').slice(0, 40)}`,
          );
          continue;
        }
        push(event, String(raw.direction ?? '').startsWith('BUSINESS') ? 'out' : 'in', 'call');
      }
    }
    if (mode === 'history' && Array.isArray(value.history)) {
      // Coexistence onboarding: up to 6 months of the Business app's chats, in phases and chunks.
      // Each thread is one customer (`id`); a message from them is theirs, any other is the business's.
      for (const [c, chunk] of value.history.entries()) {
        if (!isRecord(chunk)) continue;
        if (Array.isArray(chunk.errors) && chunk.errors.length > 0) {
          plan.notActionable.push(`history[${c}]: the owner declined sharing or Meta could not send it`);
          continue;
        }
        for (const thread of Array.isArray(chunk.threads) ? chunk.threads : []) {
          if (!isRecord(thread) || typeof thread.id !== 'string' || !Array.isArray(thread.messages)) continue;
          const customer = thread.id;
          for (const [m, raw] of thread.messages.entries()) {
            const parsed = inboundMessageSchema.safeParse(raw);
            if (!parsed.success) {
              note(`${where}.value.history[${c}] message ${m}: ${firstIssue(parsed.error)}`);
              continue;
            }
            const message = normalizeInboundMessage(parsed.data);
            message.timestamp = saneMs(message.timestamp, receivedAt);
            const theirs = message.fromWaId === customer || message.fromUserId === customer;
            if (!theirs && !message.to.waId && !message.to.userId) {
              message.to = customer.includes('.')
                ? { ...message.to, userId: customer }
                : { ...message.to, waId: customer };
            }
            push(message, theirs ? 'in' : 'out', 'history');
          }
        }
      }
    }
    if (mode === 'preferences' && Array.isArray(value.user_preferences)) {
      for (const raw of value.user_preferences) {
        if (!isRecord(raw)) continue;
        const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
        const identities = identitiesOf([str(raw.parent_user_id), str(raw.user_id), str(raw.wa_id)]);
        const contactKey = str(raw.wa_id) ?? str(raw.user_id) ?? str(raw.parent_user_id);
        if (
          !contactKey ||
          raw.category !== 'marketing_messages' ||
          (raw.value !== 'stop' && raw.value !== 'resume')
        ) {
          note(`${where}.value.user_preferences: not a marketing stop/resume of a customer`);
          continue;
        }
        plan.preferences.push({
          phoneNumberId,
          contactKey,
          identities,
          optOut: raw.value === 'stop',
          at: saneMs(Number(raw.timestamp) * 1000, receivedAt),
        });
      }
    }

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
          pricing: st.pricing
            ? {
                category: st.pricing.category?.slice(0, 60) ?? null,
                type: st.pricing.type?.slice(0, 60) ?? null,
                billable: st.pricing.billable ?? null,
              }
            : null,
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

  let entryTime: number | null = null;
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
    if (change.field === 'template_category_update') {
      const v = isRecord(change.value) ? change.value : {};
      const name = typeof v.message_template_name === 'string' ? v.message_template_name : null;
      const language = typeof v.message_template_language === 'string' ? v.message_template_language : null;
      const category = typeof v.new_category === 'string' ? v.new_category : null;
      plan.understood += 1;
      if (name && language && category) plan.templateCategories.push({ wabaId, name, language, category });
      // Meta's guidance: act on the completed change only; the impending one announces it.
      else
        plan.notActionable.push(
          `${where}: template category change announced for ${String(name).slice(0, 80)}`,
        );
      return;
    }
    if (change.field === 'account_update') {
      const v = isRecord(change.value) ? change.value : {};
      const alert = accountAlert(v);
      plan.understood += 1;
      if (!alert) note(`${where}.value: an account_update without an event`);
      else if (alert.alert === null && !ALERT_EVENTS.has(alert.event))
        plan.notActionable.push(`${where}: account_update ${alert.event.slice(0, 60)}`);
      else
        plan.accountUpdates.push({
          wabaId,
          event: alert.event,
          alert: alert.alert,
          at: entryTime ?? receivedAt,
        });
      return;
    }
    if (change.field === 'messaging_handovers') {
      plan.understood += 1;
      const handover = isRecord(change.value)
        ? planHandover(change.value, wabaId, (ms) => saneMs(ms, entryTime ?? receivedAt))
        : 'messaging_handovers without a value';
      if (typeof handover === 'string') plan.notActionable.push(`${where}: ${handover}`);
      else {
        plan.handovers.push(handover);
        if (handover.phoneNumberId && !pnids.has(handover.phoneNumberId)) {
          pnids.add(handover.phoneNumberId);
          plan.phoneNumberIds.push(handover.phoneNumberId);
        }
      }
      return;
    }
    const modes: Record<string, Mode> = {
      messages: 'messages',
      smb_message_echoes: 'echoes',
      standby: 'standby',
      calls: 'calls',
      user_preferences: 'preferences',
      history: 'history',
    };
    const mode = modes[change.field];
    if (!mode) {
      // smb_app_state_sync, security, group fields, … are kept in the stored body.
      plan.understood += 1;
      plan.notActionable.push(`${where}: field "${change.field.slice(0, 60)}" is stored, not processed`);
      return;
    }
    if (!isRecord(change.value)) {
      note(`${where}.value: not an object`);
      return;
    }
    planMessagesValue(change.value, where, mode);
  };

  for (const [e, entry] of json.entry.entries()) {
    if (!isRecord(entry) || !Array.isArray(entry.changes)) {
      note(`entry[${e}]: not an entry with changes[]`);
      continue;
    }
    const wabaId = typeof entry.id === 'string' || typeof entry.id === 'number' ? String(entry.id) : '';
    entryTime = typeof entry.time === 'number' ? saneMs(entry.time * 1000, receivedAt) : null;
    for (const [c, change] of entry.changes.entries())
      planChange(change, `entry[${e}].changes[${c}]`, wabaId);
  }

  if (noteCount > plan.notes.length) plan.notes.push(`… and ${noteCount - plan.notes.length} more`);
  if (plan.understood === 0 && noteCount > 0) {
    return { ok: false, error: plan.notes.slice(0, 5).join('; ') };
  }
  return { ok: true, plan };
}
