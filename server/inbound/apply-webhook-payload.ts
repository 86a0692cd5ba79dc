import type { PoolClient } from '../db/pool.ts';
import { previewText } from '../whatsapp/normalize-inbound-message.ts';
import { insertInboundMessages, messageIdFor } from './apply-inbound-message.ts';
import { applyCustomerReactions } from './apply-reaction.ts';
import { applyStatuses } from './apply-status.ts';
import { applyTemplateStatusUpdates } from './apply-template-status.ts';
import { conversationKey, findOrCreateConversations } from './find-or-create-conversation.ts';
import type { InboundItem, WebhookPlan } from './plan-webhook-batch.ts';
import { recordWebhookEvent, resolveEventChannels, setWebhookEventOutcome } from './record-webhook-event.ts';
import {
  lastOutboundTimes,
  type NewInbound,
  needsLastOutboundAt,
  summarizeInbound,
  writeConversationSummaries,
} from './update-conversation-summary.ts';
import { upsertContacts } from './upsert-contacts.ts';

export type WebhookOutcome = 'applied' | 'partial' | 'unknown_phone_number' | 'ignored';

export type ApplyResult = {
  webhookEventId: number;
  outcome: WebhookOutcome;
  unknownPhoneNumberIds: string[];
  messagesInserted: number;
  messagesDuplicate: number;
  conversationsCreated: number;
  reactionsApplied: number;
  statusesApplied: number;
  statusesPending: number;
  templatesUpdated: number;
  /** Inbound media waiting for the background download. */
  mediaQueued: number;
  notes: string[];
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

/**
 * Applies one webhook body inside the caller's transaction: the raw body is stored, then every
 * message, reaction, status and template update in it takes effect, set-based (a handful of
 * statements per body, whatever its size). Idempotent: applying the same body again changes nothing
 * but adds its webhook_event row.
 */
export async function applyWebhookPayload(client: PoolClient, input: ApplyInput): Promise<ApplyResult> {
  const { plan } = input;
  const event =
    input.replayOfEventId === undefined
      ? await recordWebhookEvent(client, {
          bodyJson: input.bodyJson,
          bodySha256: input.bodySha256,
          phoneNumberIds: plan.phoneNumberIds,
          notes: plan.notes,
          receivedAt: input.receivedAt,
        })
      : await resolveEventChannels(client, input.replayOfEventId, plan.phoneNumberIds);
  const notes = [...plan.notes];
  const known = (item: { phoneNumberId: string }) => event.channels.has(item.phoneNumberId);
  const messages = plan.messages.filter(known);
  const reactions = plan.reactions.filter(known);
  const statuses = plan.statuses.filter(known);

  // 1. Customers: created or renamed, and locked (serialises every event of one customer).
  const senders = [...messages, ...reactions];
  await upsertContacts(
    client,
    senders.map((s) => ({ key: s.contactKey, profileName: plan.profileNames.get(s.contactKey) ?? '' })),
  );

  // 2. Their open conversations, locked (created at the first message when there is none).
  const conversations = await findOrCreateConversations(
    client,
    messages.map((s) => {
      const channel = event.channels.get(s.phoneNumberId);
      return {
        channelId: channel?.id ?? '',
        contactKey: s.contactKey,
        businessNumber: channel?.displayPhoneNumber ?? '',
        firstMessageAt: s.message.timestamp,
      };
    }),
  );

  // 3. The messages (duplicates skipped by wamid), with pending attachments and download jobs.
  const channelIdOf = (s: InboundItem) => event.channels.get(s.phoneNumberId)?.id ?? '';
  const rows = messages.map((s) => {
    const conversation = conversations.get(conversationKey(channelIdOf(s), s.contactKey));
    if (!conversation) throw new Error(`No conversation for ${s.message.wamid}`);
    return {
      id: messageIdFor(s.message),
      conversationId: conversation.id,
      channelId: channelIdOf(s),
      message: s.message,
    };
  });
  const batchIds = new Map(rows.map((r) => [r.message.wamid, r.id]));
  const inserted = await insertInboundMessages(client, rows, batchIds);
  // A redelivered message whose conversation was closed since must not leave an empty new one behind.
  const filled = new Set(inserted.map((i) => i.conversationId));
  const empty = [...conversations.values()].filter((c) => c.created && !filled.has(c.id)).map((c) => c.id);
  if (empty.length > 0) await client.query('DELETE FROM conversation WHERE id = ANY($1::text[])', [empty]);

  // 4. Conversation summaries and channel counters, from what was actually inserted.
  const insertedIds = new Set(inserted.map((i) => i.id));
  const newByConversation = new Map<string, NewInbound[]>();
  let mediaQueued = 0;
  for (const r of rows) {
    if (!insertedIds.has(r.id)) continue;
    if (r.message.media) mediaQueued += 1;
    const list = newByConversation.get(r.conversationId) ?? [];
    list.push({ id: r.id, at: r.message.timestamp, preview: previewText(r.message) });
    newByConversation.set(r.conversationId, list);
  }
  const states = new Map([...conversations.values()].map((c) => [c.id, c]));
  const outboundNeeded = [...newByConversation.entries()]
    .filter(([id, list]) => {
      const state = states.get(id);
      return state ? needsLastOutboundAt(state, list) : false;
    })
    .map(([id]) => id);
  const outboundAt = await lastOutboundTimes(client, outboundNeeded);
  const summaries = [...newByConversation.entries()].flatMap(([id, list]) => {
    const state = states.get(id);
    return state ? [summarizeInbound(state, list, outboundAt.get(id) ?? null)] : [];
  });
  await writeConversationSummaries(client, summaries);

  // 5. Reactions (after messages: a reaction to a message of the same batch finds it).
  const reactionsApplied = await applyCustomerReactions(
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
  const statusResult = await applyStatuses(
    client,
    statuses.map((s) => ({ wamid: s.wamid, status: s.status, at: s.at, error: s.error })),
  );

  // 7. Template lifecycle.
  const unmatched = await applyTemplateStatusUpdates(client, plan.templateUpdates);
  for (const u of unmatched)
    notes.push(`template ${u.name} (${u.language}) of WABA ${u.wabaId} is not stored yet: ${u.event}`);

  const actionable =
    plan.messages.length + plan.reactions.length + plan.statuses.length + plan.templateUpdates.length;
  const knownItems = messages.length + reactions.length + statuses.length + plan.templateUpdates.length;
  let outcome: WebhookOutcome = 'applied';
  if (event.unknownPhoneNumberIds.length > 0 && knownItems === 0 && actionable > 0)
    outcome = 'unknown_phone_number';
  else if (event.unknownPhoneNumberIds.length > 0 || notes.length > 0) outcome = 'partial';
  else if (actionable === 0) outcome = 'ignored';
  const guessed = event.unknownPhoneNumberIds.length > 0 || plan.notes.length > 0 ? 'partial' : 'applied';
  if (input.replayOfEventId !== undefined || outcome !== guessed || notes.length !== plan.notes.length) {
    await setWebhookEventOutcome(
      client,
      event.webhookEventId,
      outcome,
      notes.length > 0 ? notes.join('\n') : null,
    );
  }
  return {
    webhookEventId: event.webhookEventId,
    outcome,
    unknownPhoneNumberIds: event.unknownPhoneNumberIds,
    messagesInserted: inserted.length,
    messagesDuplicate: rows.length - inserted.length,
    conversationsCreated: [...conversations.values()].filter((c) => c.created && filled.has(c.id)).length,
    reactionsApplied,
    statusesApplied: statusResult.applied,
    statusesPending: statusResult.pending,
    templatesUpdated: plan.templateUpdates.length - unmatched.length,
    mediaQueued,
    notes,
  };
}
