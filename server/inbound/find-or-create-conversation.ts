import type { PoolClient } from '../db/pool.ts';
import { newConversationId, phoneOf } from './inbound-ids.ts';

/** A conversation's summary fields as locked for this transaction (times in epoch ms). */
export type ConversationState = {
  id: string;
  channelId: string;
  contactId: string;
  contactKey: string;
  lastMessageId: string | null;
  lastMessageAt: number | null;
  /** The last message's arrival number (ties of lastMessageAt), null for some outbound rows. */
  lastMessageArrival: number | null;
  lastMessageDirection: 'in' | 'out' | null;
  unreadCount: number;
  awaitingReply: boolean;
  awaitingSince: number | null;
  customerLastMessageAt: number | null;
  createdAt: number;
  /** Who owns it (null: nobody; round-robin may assign it: server/assignment/auto-assign.ts). */
  assigneeId: string | null;
  created: boolean;
  /** Who answers the customer as last recorded (null: routing never seen): apply-thread-control.ts. */
  threadControl: string | null;
  /**
   * For a conversation this transaction created: the summary its row was written with. The fields
   * above stay those of an empty conversation, so the batch summarises its messages as for any other
   * and needs no second write when the outcome is this one.
   */
  born: BornSummary | null;
};

/**
 * The summary columns a new conversation is inserted with: what its messages in the batch make it,
 * computed before they are stored. Written at creation, it saves the row's second write (an update of
 * every index of the table, and a second change for zero-cache to replicate to every client).
 */
export type BornSummary = {
  lastMessageId: string;
  preview: string;
  lastMessageAt: number;
  direction: 'in' | 'out';
  unreadCount: number;
  awaitingReply: boolean;
  awaitingSince: number | null;
  customerLastMessageAt: number | null;
  createdAt: number;
};

export type ConversationWanted = {
  channelId: string;
  contactKey: string;
  businessNumber: string;
  /** For a new conversation: its creation date is its first message's. */
  firstMessageAt: number;
  /** For a new conversation: the summary to create it with (null: an empty row, summarised later). */
  born?: BornSummary | null;
};

export const conversationKey = (channelId: string, contactKey: string) => `${channelId}\n${contactKey}`;

type Row = {
  contact_key: string;
  contact_id: string;
  profile_name: string;
  /** The contact's number (+…), '' for a customer known by username only. */
  contact_phone?: string;
  contact_username?: string;
  channel_id: string;
  id: string | null;
  last_message_id: string | null;
  last_message_at: Date | null;
  last_message_arrival: number | null;
  last_message_direction: 'in' | 'out' | null;
  unread_count: number | null;
  awaiting_reply: boolean | null;
  awaiting_since: Date | null;
  customer_last_message_at: Date | null;
  created_at: Date | null;
  assignee_id: string | null;
  thread_control: string | null;
};

const SUMMARY_COLUMNS = `id, last_message_id, last_message_at, last_message_direction, unread_count, awaiting_reply,
  awaiting_since, customer_last_message_at, created_at, assignee_id, thread_control`;

const ms = (d: Date | null) => (d ? d.getTime() : null);
const date = (at: number | null) => (at === null ? null : new Date(at));

function toState(row: Row, created: boolean): ConversationState {
  return {
    id: row.id as string,
    channelId: row.channel_id,
    contactId: row.contact_id,
    contactKey: row.contact_key,
    lastMessageId: row.last_message_id,
    lastMessageAt: ms(row.last_message_at),
    lastMessageArrival: row.last_message_arrival ?? null,
    lastMessageDirection: row.last_message_direction,
    unreadCount: row.unread_count ?? 0,
    awaitingReply: row.awaiting_reply ?? false,
    awaitingSince: ms(row.awaiting_since),
    customerLastMessageAt: ms(row.customer_last_message_at),
    createdAt: ms(row.created_at) ?? 0,
    assigneeId: row.assignee_id ?? null,
    created,
    threadControl: row.thread_control ?? null,
    born: null,
  };
}

/**
 * A conversation with no messages as far as summarising goes: one this transaction creates (with the
 * summary it was born with), or one not created yet whose first messages the batch summarises.
 */
export function emptyConversationState(c: {
  id: string;
  channelId: string;
  contactId: string;
  contactKey: string;
  createdAt: number;
  assigneeId?: string | null;
  born?: BornSummary | null;
}): ConversationState {
  return {
    id: c.id,
    channelId: c.channelId,
    contactId: c.contactId,
    contactKey: c.contactKey,
    lastMessageId: null,
    lastMessageAt: null,
    lastMessageArrival: null,
    lastMessageDirection: null,
    unreadCount: 0,
    awaitingReply: false,
    awaitingSince: null,
    customerLastMessageAt: null,
    createdAt: c.createdAt,
    assigneeId: c.assigneeId ?? null,
    created: true,
    threadControl: null,
    born: c.born ?? null,
  };
}

async function lockOpen(client: PoolClient, wanted: ConversationWanted[]): Promise<Row[]> {
  const { rows } = await client.query<Row>(
    `SELECT ct.wa_id AS contact_key, ct.id AS contact_id, ct.profile_name, ct.phone AS contact_phone,
            ct.username AS contact_username, w.channel_id, cv.*
       FROM unnest($1::text[], $2::text[]) AS w(channel_id, wa_id)
       JOIN contact ct ON ct.wa_id = w.wa_id
       LEFT JOIN LATERAL (
         SELECT ${SUMMARY_COLUMNS.replaceAll(/(\w+)/g, 'c.$1')}, lm.arrival AS last_message_arrival
           FROM conversation c LEFT JOIN message lm ON lm.id = c.last_message_id
          WHERE c.channel_id = w.channel_id AND c.contact_id = ct.id AND c.state <> 'closed'
          FOR UPDATE OF c
       ) cv ON true`,
    [wanted.map((w) => w.channelId), wanted.map((w) => w.contactKey)],
  );
  return rows;
}

/**
 * The conversation of each (channel, customer), whatever its lifecycle state (a resolved or snoozed
 * one is reopened by the message: update-conversation-summary.ts), locked FOR UPDATE until the
 * transaction ends, created when there is none. Contacts must exist (upsertContacts first). Two transactions creating
 * the same conversation meet on the partial unique index: the loser waits, then locks the winner's row.
 */
export async function findOrCreateConversations(
  client: PoolClient,
  wanted: ConversationWanted[],
): Promise<Map<string, ConversationState>> {
  const result = new Map<string, ConversationState>();
  const unique = new Map<string, ConversationWanted>();
  for (const w of wanted) {
    const key = conversationKey(w.channelId, w.contactKey);
    const seen = unique.get(key);
    if (!seen || w.firstMessageAt < seen.firstMessageAt) unique.set(key, w);
  }
  let missing = [...unique.values()].sort((a, b) =>
    conversationKey(a.channelId, a.contactKey) < conversationKey(b.channelId, b.contactKey) ? -1 : 1,
  );
  for (let round = 0; round < 3 && missing.length > 0; round++) {
    const rows = await lockOpen(client, missing);
    const toCreate: (ConversationWanted & { contactId: string; name: string; phone: string })[] = [];
    for (const row of rows) {
      const key = conversationKey(row.channel_id, row.contact_key);
      const w = unique.get(key);
      if (!w) continue;
      if (row.id) result.set(key, toState(row, false));
      else {
        const phone =
          row.contact_phone ||
          phoneOf(w.contactKey) ||
          (row.contact_username ? `@${row.contact_username}` : '');
        toCreate.push({ ...w, contactId: row.contact_id, name: row.profile_name, phone });
      }
    }
    if (toCreate.length > 0) {
      const { rows: created } = await client.query<Row>(
        `INSERT INTO conversation AS c (id, channel_id, contact_id, business_number, participant_name, participant_phone,
                                        created_at, last_message_id, last_message_preview, last_message_at,
                                        last_message_direction, last_message_status, unread_count, awaiting_reply,
                                        awaiting_since, customer_last_message_at)
         SELECT id, channel_id, contact_id, business_number, participant_name, participant_phone, created_at, last_id,
                preview, last_at, direction,
                CASE direction WHEN 'out' THEN 'sent' WHEN 'in' THEN 'received' END,
                coalesce(unread, 0), coalesce(awaiting, false), awaiting_since, customer_last
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
                       $8::text[], $9::text[], $10::timestamptz[], $11::text[], $12::int[], $13::bool[],
                       $14::timestamptz[], $15::timestamptz[])
             AS t(id, channel_id, contact_id, business_number, participant_name, participant_phone, created_at, last_id,
                  preview, last_at, direction, unread, awaiting, awaiting_since, customer_last)
         ON CONFLICT (channel_id, contact_id) WHERE state <> 'closed' DO NOTHING
         RETURNING ${SUMMARY_COLUMNS.replaceAll(/(\w+)/g, 'c.$1')}, c.channel_id, c.contact_id`,
        [
          toCreate.map(() => newConversationId()),
          toCreate.map((w) => w.channelId),
          toCreate.map((w) => w.contactId),
          toCreate.map((w) => w.businessNumber),
          toCreate.map((w) => w.name),
          toCreate.map((w) => w.phone),
          toCreate.map((w) => new Date(w.born?.createdAt ?? w.firstMessageAt)),
          toCreate.map((w) => w.born?.lastMessageId ?? null),
          toCreate.map((w) => w.born?.preview ?? null),
          toCreate.map((w) => date(w.born?.lastMessageAt ?? null)),
          toCreate.map((w) => w.born?.direction ?? null),
          toCreate.map((w) => w.born?.unreadCount ?? null),
          toCreate.map((w) => w.born?.awaitingReply ?? null),
          toCreate.map((w) => date(w.born?.awaitingSince ?? null)),
          toCreate.map((w) => date(w.born?.customerLastMessageAt ?? null)),
        ],
      );
      const byContact = new Map(toCreate.map((t) => [`${t.channelId}\n${t.contactId}`, t]));
      for (const row of created) {
        const w = byContact.get(`${row.channel_id}\n${row.contact_id}`);
        if (w)
          result.set(
            conversationKey(w.channelId, w.contactKey),
            emptyConversationState({
              id: row.id as string,
              channelId: row.channel_id,
              contactId: row.contact_id,
              contactKey: w.contactKey,
              createdAt: w.firstMessageAt,
              assigneeId: row.assignee_id,
              born: w.born ?? null,
            }),
          );
      }
    }
    missing = missing.filter((w) => !result.has(conversationKey(w.channelId, w.contactKey)));
  }
  if (missing.length > 0) throw new Error(`Could not find or create ${missing.length} conversation(s)`);
  return result;
}
