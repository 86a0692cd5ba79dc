import { previewText } from '../../schema/whatsapp/preview-text.ts';
import { autoAssign } from '../assignment/auto-assign.ts';
import { applyStatuses, lockWamids } from '../conversations/apply-status.ts';
import { applyStatusPricing } from '../conversations/apply-status-pricing.ts';
import type { PoolClient } from '../db/pool.ts';
import { applyAccountUpdates } from './apply-account-updates.ts';
import { applyMarketingPreferences } from './apply-customer-preferences.ts';
import { insertInboundMessages, messageIdFor } from './apply-inbound-message.ts';
import { applyMessageChanges } from './apply-message-changes.ts';
import { applyCustomerReactions } from './apply-reaction.ts';
import { applySharedContactInfo, sharedEmail } from './apply-shared-contact-info.ts';
import { applyTemplateCategories } from './apply-template-categories.ts';
import { applyTemplateStatusUpdates, templateStatusFor } from './apply-template-status.ts';
import { applyHandovers, applyImpliedControl, type ImpliedControl } from './apply-thread-control.ts';
import {
  conversationKey,
  emptyConversationState,
  findOrCreateConversations,
} from './find-or-create-conversation.ts';
import type { InboundItem, WebhookPlan } from './plan-webhook-batch.ts';
import { loadChannels, recordWebhookEvents, setWebhookEventOutcomes } from './record-webhook-event.ts';
import { resolveContactKeys, resolvedKey } from './resolve-contact-keys.ts';
import {
  bornAs,
  bornSummary,
  lastOutbounds,
  type NewInbound,
  needsLastOutbound,
  summarizeInbound,
  writeConversationSummaries,
} from './update-conversation-summary.ts';
import { upsertContacts } from './upsert-contacts.ts';

export type WebhookOutcome = 'applied' | 'partial' | 'unknown_phone_number' | 'ignored';

/** What one body changed (its share of the batch it was applied in). */
export type ApplyResult = {
  webhookEventId: number;
  outcome: WebhookOutcome;
  unknownPhoneNumberIds: string[];
  messagesInserted: number;
  /** Messages already stored (redelivered) or delivered twice in the same batch. */
  messagesDuplicate: number;
  /** Inbound media waiting for the background download. */
  mediaQueued: number;
  notes: string[];
  /** What the body held that is deliberately not acted on (stored with the body, see webhook_event.error). */
  notActionable: string[];
};

export type ApplyInput = {
  plan: WebhookPlan;
  /** The body as JSON text, as stored in private.webhook_event. */
  bodyJson: string;
  bodySha256: string;
  receivedAt: Date;
  /** Re-applies a stored event (after a fix): no new webhook_event row, its outcome is rewritten. */
  replayOfEventId?: number;
};

type Tagged = InboundItem & { body: number };

export type ApplyOptions = {
  /** The workspace's TIME_ZONE: the day billed messages count in (channel_day_stats). */
  timeZone?: string;
};

/**
 * Applies webhook bodies inside the caller's transaction, all of them together: each raw body is
 * stored, then every message, reaction, status and template update of the whole batch takes effect
 * set-based (a handful of statements per batch, whatever its size), so that one transaction (and one
 * commit) serves many concurrent webhook requests. Effects depend only on the set of items, never on
 * how they were split into bodies or batches: the same bodies applied one by one, in any order, end
 * in the same state. Idempotent: applying a body again changes nothing but adds its webhook_event row.
 * Returns one result per input, in order.
 */
export async function applyWebhookBatch(
  client: PoolClient,
  inputs: ApplyInput[],
  options: ApplyOptions = {},
): Promise<ApplyResult[]> {
  if (inputs.length === 0) return [];
  const channels = await loadChannels(client, [...new Set(inputs.flatMap((i) => i.plan.phoneNumberIds))]);
  const unknownOf = inputs.map((i) => i.plan.phoneNumberIds.filter((p) => !channels.has(p)));
  const eventIds = await recordWebhookEvents(
    client,
    inputs.map((input, b) => ({
      bodyJson: input.bodyJson,
      bodySha256: input.bodySha256,
      receivedAt: input.receivedAt,
      guessedOutcome: guessOutcome(input.plan, unknownOf[b] ?? []),
      unknownPhoneNumberIds: unknownOf[b] ?? [],
      notes: input.plan.notes,
      ...(input.replayOfEventId === undefined ? {} : { replayOfEventId: input.replayOfEventId }),
    })),
  );

  // The batch's items, each tagged with its body. A message or reaction delivered in two bodies of
  // the batch counts once (for the first body), exactly as if the second body came later.
  const known = (item: { phoneNumberId: string }) => channels.has(item.phoneNumberId);
  const seen = new Set<string>();
  const firstDelivery = (items: InboundItem[], body: number): Tagged[] =>
    items.filter(known).flatMap((item) => {
      if (seen.has(item.message.wamid)) return [];
      seen.add(item.message.wamid);
      return [{ ...item, body }];
    });
  const delivered = {
    messages: inputs.flatMap((input, b) => firstDelivery(input.plan.messages, b)),
    reactions: inputs.flatMap((input, b) => firstDelivery(input.plan.reactions, b)),
    changes: inputs.flatMap((input, b) => firstDelivery(input.plan.changes, b)),
  };
  const statuses = inputs.flatMap((input) => input.plan.statuses.filter(known));
  const preferenceItems = inputs.flatMap((input) => input.plan.preferences.filter(known));
  // A handover names its business number, or only the WABA (then any of its numbers we have).
  const knownHandover = (h: { phoneNumberId: string | null }) =>
    h.phoneNumberId === null || channels.has(h.phoneNumberId);
  const handoverItems = inputs.flatMap((input) => input.plan.handovers.filter(knownHandover));

  // 0. Which customer each event is (parent BSUID, BSUID, number; system messages re-link first).
  const profileNames = new Map(inputs.flatMap((i) => [...i.plan.profileNames]));
  const usernames = new Map(inputs.flatMap((i) => [...i.plan.usernames]));
  const resolved = await resolveContactKeys(
    client,
    [
      ...delivered.messages,
      ...delivered.reactions,
      ...delivered.changes,
      ...preferenceItems,
      ...handoverItems,
    ],
    // Only what the customer sent re-links them (a system message, their own shared card).
    delivered.messages.flatMap((m) =>
      m.message.relink && m.direction === 'in' ? [{ ...m, newIdentities: m.message.relink }] : [],
    ),
  );
  const rekey = <T extends { contactKey: string; identities: string[] }>(item: T) => ({
    ...item,
    contactKey: resolvedKey(resolved, item),
    profileName: profileNames.get(item.contactKey) ?? '',
    username: usernames.get(item.contactKey) ?? '',
  });
  const messages = delivered.messages.map(rekey);
  const reactions = delivered.reactions.map(rekey);
  const preferences = preferenceItems.map(rekey);
  const handovers = handoverItems.map((h) => ({ ...h, contactKey: resolvedKey(resolved, h) }));

  // 1. Customers: created or renamed, and locked (serialises every event of one customer). A later
  //    body's profile name wins, as a later change of one body does.
  await upsertContacts(
    client,
    [...messages, ...reactions, ...preferences].map((s) => ({
      key: s.contactKey,
      profileName: s.profileName,
      username: s.username,
    })),
  );
  // Every wamid this batch refers to, locked once in one sorted pass (reactions and statuses lock
  // them again, which is free): two batches can then never take them in crossing orders.
  await lockWamids(client, [
    ...reactions.flatMap((r) => (r.message.reaction ? [r.message.reaction.targetWamid] : [])),
    ...delivered.changes.flatMap((c) => (c.message.change ? [c.message.change.targetWamid] : [])),
    ...statuses.map((s) => s.wamid),
  ]);

  // 2. Their open conversations, locked (created at the first message when there is none). A new one
  //    is created with the summary its messages here give it (arrival numbers are drawn in this order),
  //    so that, stored as planned, its row is written once.
  const channelOf = (s: InboundItem) => channels.get(s.phoneNumberId);
  // Each message with its channel, its conversation's key and what the summary sees of it (its arrival
  // is its place in the batch until the real number is drawn, in the same order).
  const plan = messages.map((s, order) => {
    const channelId = channelOf(s)?.id ?? '';
    const inbound = newInbound({ id: messageIdFor(s.message), ...s }, order);
    return { s, channelId, key: conversationKey(channelId, s.contactKey), inbound };
  });
  const planned = new Map<string, { channelId: string; list: NewInbound[] }>();
  for (const { channelId, key, inbound } of plan) {
    const entry = planned.get(key) ?? { channelId, list: [] };
    entry.list.push(inbound);
    planned.set(key, entry);
  }
  const born = new Map(
    [...planned].map(([key, { channelId, list }]) => {
      const first = list.reduce((at, m) => Math.min(at, m.at), Number.POSITIVE_INFINITY);
      const unborn = emptyConversationState({
        id: '',
        channelId,
        contactId: '',
        contactKey: '',
        createdAt: first,
      });
      return [key, bornSummary(summarizeInbound(unborn, list, null))];
    }),
  );
  const conversations = await findOrCreateConversations(
    client,
    plan.map(({ s, channelId, key }) => ({
      channelId,
      contactKey: s.contactKey,
      businessNumber: channelOf(s)?.displayPhoneNumber ?? '',
      firstMessageAt: s.message.timestamp,
      born: born.get(key) ?? null,
    })),
  );

  // 3. The messages (duplicates skipped by wamid), with pending attachments and download jobs.
  const rows = plan.map(({ s, channelId, key, inbound }) => {
    const conversation = conversations.get(key);
    if (!conversation) throw new Error(`No conversation for ${s.message.wamid}`);
    return {
      id: inbound.id,
      conversationId: conversation.id,
      channelId,
      message: s.message,
      body: s.body,
      direction: s.direction,
      origin: s.origin,
      inbound,
    };
  });
  const inserted = await insertInboundMessages(
    client,
    rows,
    new Map(rows.map((r) => [r.message.wamid, r.id])),
  );
  // A redelivered message whose conversation was closed since must not leave an empty new one behind.
  const filled = new Set(inserted.map((i) => i.conversationId));
  const empty = [...conversations.values()].filter((c) => c.created && !filled.has(c.id)).map((c) => c.id);
  if (empty.length > 0) await client.query('DELETE FROM conversation WHERE id = ANY($1::text[])', [empty]);

  // 4. Conversation summaries and channel counters, from what was actually inserted.
  const arrivalOf = new Map(inserted.map((i) => [i.id, i.arrival]));
  const newRows = rows.filter((r) => arrivalOf.has(r.id));
  const newByConversation = new Map<string, NewInbound[]>();
  for (const r of newRows) {
    const list = newByConversation.get(r.conversationId) ?? [];
    list.push({ ...r.inbound, arrival: arrivalOf.get(r.id) ?? 0 });
    newByConversation.set(r.conversationId, list);
  }
  const states = new Map([...conversations.values()].map((c) => [c.id, c]));
  const outbound = await lastOutbounds(
    client,
    [...newByConversation].flatMap(([id, list]) => {
      const state = states.get(id);
      return state && needsLastOutbound(state, list) ? [id] : [];
    }),
  );
  await writeConversationSummaries(
    client,
    [...newByConversation].flatMap(([id, list]) => {
      const state = states.get(id);
      if (!state) return [];
      const update = summarizeInbound(state, list, outbound.get(id) ?? null);
      return [{ ...update, rowWritten: bornAs(state, update) }];
    }),
  );

  // A customer's own contact card (REQUEST_CONTACT_INFO): its e-mail fills the profile's if empty.
  await applySharedContactInfo(
    client,
    newRows.flatMap((r) => {
      const email = r.direction === 'in' ? sharedEmail(r.message) : null;
      return email ? [{ conversationId: r.conversationId, email }] : [];
    }),
  );

  // Who answers the customer, as the new messages imply it (Meta Business Agent's standby field or not).
  await applyImpliedControl(
    client,
    newRows.flatMap((r): ImpliedControl[] => {
      const at = r.message.timestamp;
      if (r.origin === 'standby' || r.origin === 'business_agent')
        return [{ conversationId: r.conversationId, owner: 'agent', at }];
      if (r.origin === null && r.direction === 'in')
        return [{ conversationId: r.conversationId, owner: 'team', at }];
      return [];
    }),
    (id) => states.get(id)?.threadControl,
  );

  // Round-robin (when the admin switched it on): unassigned conversations the customer just wrote to.
  await autoAssign(
    client,
    [...newByConversation.keys()].flatMap((id) => {
      const state = states.get(id);
      return state && state.assigneeId === null ? [{ id, channelId: state.channelId }] : [];
    }),
    Date.now(),
  );

  // 5. Reactions (after messages: a reaction to a message of the same batch finds it).
  await applyCustomerReactions(
    client,
    reactions.flatMap((s) =>
      s.message.reaction
        ? [
            {
              targetWamid: s.message.reaction.targetWamid,
              emoji: s.message.reaction.emoji,
              at: s.message.timestamp,
              wamid: s.message.wamid,
            },
          ]
        : [],
    ),
  );

  // 6. Statuses of our outbound messages.
  await applyStatuses(
    client,
    statuses.map((s) => ({ wamid: s.wamid, status: s.status, at: s.at, error: s.error })),
  );

  await applyStatusPricing(client, statuses, options.timeZone);

  // 7. Edits and deletes (after messages: one naming a message of this batch, or stored before it, applies).
  await applyMessageChanges(
    client,
    delivered.changes.flatMap((c) =>
      c.message.change ? [{ ...c.message.change, wamid: c.message.wamid, at: c.message.timestamp }] : [],
    ),
    inserted.filter((i) => i.changedBefore).map((i) => i.wamid),
  );

  // 8. Customers' marketing preferences, account alerts, template lifecycle and categories.
  await applyMarketingPreferences(client, preferences);
  await applyHandovers(client, handovers);
  await applyAccountUpdates(
    client,
    inputs.flatMap((i) => i.plan.accountUpdates),
  );
  await applyTemplateCategories(
    client,
    inputs.flatMap((i) => i.plan.templateCategories),
  );
  const unmatched = await applyTemplateStatusUpdates(
    client,
    inputs.flatMap((i) => i.plan.templateUpdates),
  );
  const unmatchedKeys = new Set(unmatched.map(templateKey));

  // Each body's share and final outcome.
  const results = inputs.map((input, b): ApplyResult => {
    const { plan } = input;
    const unknown = unknownOf[b] ?? [];
    const notes = [...plan.notes, ...unmatchedTemplateNotes(plan, unmatchedKeys)];
    const mine = newRows.filter((r) => r.body === b);
    const knownMessages = plan.messages.filter(known).length;
    const actionable =
      plan.messages.length +
      plan.reactions.length +
      plan.changes.length +
      plan.preferences.length +
      plan.statuses.length +
      plan.templateUpdates.length +
      plan.templateCategories.length +
      plan.accountUpdates.length +
      plan.handovers.length;
    const knownItems =
      knownMessages +
      plan.reactions.filter(known).length +
      plan.changes.filter(known).length +
      plan.preferences.filter(known).length +
      plan.statuses.filter(known).length +
      plan.templateCategories.length +
      plan.accountUpdates.length +
      plan.handovers.filter(knownHandover).length;
    let outcome: WebhookOutcome = 'applied';
    if (unknown.length > 0 && knownItems + plan.templateUpdates.length === 0 && actionable > 0)
      outcome = 'unknown_phone_number';
    else if (unknown.length > 0 || notes.length > 0) outcome = 'partial';
    else if (actionable === 0) outcome = 'ignored';
    return {
      webhookEventId: eventIds[b] ?? 0,
      outcome,
      unknownPhoneNumberIds: unknown,
      messagesInserted: mine.length,
      messagesDuplicate: knownMessages - mine.length,
      mediaQueued: mine.filter((r) => r.message.media).length,
      notes,
      notActionable: plan.notActionable,
    };
  });
  await setWebhookEventOutcomes(
    client,
    results.flatMap((r, b) => {
      const input = inputs[b];
      if (!input) return [];
      const changed =
        input.replayOfEventId !== undefined ||
        r.outcome !== guessOutcome(input.plan, r.unknownPhoneNumberIds) ||
        r.notes.length !== input.plan.notes.length ||
        r.notActionable.length > 0;
      const error =
        r.notes.length > 0
          ? r.notes.join('\n')
          : r.notActionable.length > 0
            ? `not actionable: ${r.notActionable.slice(0, 20).join('\n')}`
            : null;
      return changed ? [{ id: r.webhookEventId, outcome: r.outcome, error }] : [];
    }),
  );
  return results;
}

/** A stored message as the conversation's summary sees it. */
function newInbound(
  r: { id: string; message: InboundItem['message']; direction?: 'in' | 'out'; origin?: string | null },
  arrival: number,
): NewInbound {
  return {
    id: r.id,
    at: r.message.timestamp,
    arrival,
    preview: previewText(r.message),
    direction: r.direction,
    handledElsewhere: r.origin === 'standby',
    imported: r.origin === 'history',
  };
}

function guessOutcome(plan: WebhookPlan, unknownPhoneNumberIds: string[]): 'applied' | 'partial' {
  return unknownPhoneNumberIds.length > 0 || plan.notes.length > 0 ? 'partial' : 'applied';
}

const templateKey = (u: { wabaId: string; name: string; language: string }) =>
  `${u.wabaId}\n${u.name}\n${u.language}`;

/** One note per template of this body that changes status but is not stored yet (the last event wins). */
function unmatchedTemplateNotes(plan: WebhookPlan, unmatchedKeys: ReadonlySet<string>): string[] {
  const latest = new Map<string, { wabaId: string; name: string; language: string; status: string }>();
  for (const u of plan.templateUpdates) {
    const status = templateStatusFor(u.event);
    if (status && unmatchedKeys.has(templateKey(u))) latest.set(templateKey(u), { ...u, status });
  }
  return [...latest.values()].map(
    (u) => `template ${u.name} (${u.language}) of WABA ${u.wabaId} is not stored yet: ${u.status}`,
  );
}
