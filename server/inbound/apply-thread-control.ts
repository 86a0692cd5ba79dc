import type { ThreadControl } from '../../schema/thread-control.ts';
import type { PoolClient } from '../db/pool.ts';
import { recordConversationEvents } from '../lifecycle/record-conversation-events.ts';
import { latestPerKey } from './latest-per-key.ts';
import type { HandoverItem } from './plan-handovers.ts';

// Who answers the customer (Meta's Conversation Routing, see schema/thread-control.ts), as webhooks tell
// it. The latest by Meta's time wins, so redeliveries and any order end the same; an older event never
// overwrites a newer one (an operator's command included). Meta's times have whole seconds: at the same
// second a handover wins over what a message implies (the agent answers, then passes the thread on).

/** A handover whose customer is resolved (resolve-contact-keys.ts). */
export type ResolvedHandover = Omit<HandoverItem, 'identities'>;

/**
 * messaging_handovers: the customer's latest conversation on that business number (any number of the
 * WABA when Meta names none) gets the new owner and a thread event. Customers without a conversation
 * here are left alone (nothing to show). Returns how many conversations changed.
 */
export async function applyHandovers(
  client: PoolClient,
  handovers: readonly ResolvedHandover[],
): Promise<number> {
  if (handovers.length === 0) return 0;
  const { rows } = await client.query<{ id: string; owner: ThreadControl; at: Date; type: string }>(
    `WITH h AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
         AS h(pnid, waba, key, owner, at, type)
     ), latest AS (
       SELECT DISTINCT ON (c.id) c.id, h.owner, h.at, h.type, c.channel_id, ct.wa_id
         FROM h
         JOIN channel ch ON (h.pnid IS NOT NULL AND ch.phone_number_id = h.pnid)
                         OR (h.pnid IS NULL AND ch.waba_id = h.waba)
         JOIN contact ct ON ct.wa_id = h.key
         JOIN LATERAL (SELECT c.id, c.channel_id, c.thread_control, c.thread_control_at FROM conversation c
                        WHERE c.channel_id = ch.id AND c.contact_id = ct.id
                        ORDER BY c.created_at DESC, c.id DESC LIMIT 1) c ON true
        WHERE c.thread_control_at IS NULL OR h.at > c.thread_control_at
           OR (h.at = c.thread_control_at AND c.thread_control IS DISTINCT FROM h.owner)
        ORDER BY c.id, h.at DESC
     ), locked AS (
       -- The inbound path's lock order (channel, then the customer's id), as every conversation writer.
       SELECT c.id FROM conversation c JOIN latest l ON l.id = c.id
        ORDER BY l.channel_id COLLATE "C", l.wa_id COLLATE "C" FOR UPDATE OF c
     )
     UPDATE conversation c SET thread_control = l.owner, thread_control_at = l.at, updated_at = now()
       FROM latest l WHERE c.id = l.id AND c.id IN (SELECT id FROM locked)
         AND (c.thread_control_at IS NULL OR l.at > c.thread_control_at
              OR (l.at = c.thread_control_at AND c.thread_control IS DISTINCT FROM l.owner))
     RETURNING c.id, l.owner, l.at, l.type`,
    [
      handovers.map((h) => h.phoneNumberId),
      handovers.map((h) => h.wabaId),
      handovers.map((h) => h.contactKey),
      handovers.map((h) => h.owner),
      handovers.map((h) => new Date(h.at)),
      handovers.map((h) => h.type),
    ],
  );
  await recordConversationEvents(
    client,
    rows.map((r) => ({
      conversationId: r.id,
      kind: r.type === 'control_passed' ? ('control_passed' as const) : ('control_taken' as const),
      actorId: null,
      actorName: null,
      detail: r.owner,
      at: r.at.getTime(),
    })),
  );
  return rows.length;
}

/** What a newly stored message says about the thread's owner. */
export type ImpliedControl = { conversationId: string; owner: 'agent' | 'team'; at: number };

/**
 * Messages imply the owner: the Business Agent's turns and the customer's messages to it arrive on the
 * standby field ('agent'); a customer message on the messages field reaches the thread's owner, this app
 * ('team'), which only matters where routing was ever seen (thread_control not null). The caller holds
 * the conversations' locks (find-or-create-conversation.ts) and gives each one's recorded owner as it
 * read it under them: a batch that can change nothing sends no statement (most batches: customers
 * writing to conversations the Business Agent never touched).
 */
export async function applyImpliedControl(
  client: PoolClient,
  implied: readonly ImpliedControl[],
  recordedOwner: (conversationId: string) => string | null | undefined,
): Promise<void> {
  const list = latestPerKey(implied, (i) => i.conversationId).filter((i) => {
    const owner = recordedOwner(i.conversationId);
    return owner === undefined || (owner !== i.owner && (i.owner === 'agent' || owner !== null));
  });
  if (list.length === 0) return;
  await client.query(
    `UPDATE conversation c SET thread_control = u.owner, thread_control_at = u.at
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(id, owner, at)
      WHERE c.id = u.id AND (c.thread_control_at IS NULL OR u.at > c.thread_control_at)
        AND (u.owner = 'agent' OR c.thread_control IS NOT NULL)
        AND c.thread_control IS DISTINCT FROM u.owner`,
    [list.map((i) => i.conversationId), list.map((i) => i.owner), list.map((i) => new Date(i.at))],
  );
}
