import { randomUUID } from 'node:crypto';
import type { ConversationEventKind } from '../../schema/schema.ts';
import type { Db } from './lock-conversations.ts';

export type ConversationEventRow = {
  conversationId: string;
  kind: ConversationEventKind;
  actorId: string | null;
  actorName: string | null;
  operatorId?: string | null;
  operatorName?: string | null;
  until?: number | null;
  reason?: 'operator' | 'customer' | 'snooze' | null;
  /** control_taken: the new owner; control_failed: the action and Meta's reason. */
  detail?: string | null;
  at: number;
};

/** The thread's system events, one statement for any number of them (in the caller's transaction). */
export async function recordConversationEvents(
  db: Db,
  events: readonly ConversationEventRow[],
): Promise<void> {
  if (events.length === 0) return;
  await db.query(
    `INSERT INTO conversation_event (id, conversation_id, kind, actor_id, actor_name, operator_id, operator_name, until, reason, at, detail)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::timestamptz[], $9::text[], $10::timestamptz[], $11::text[])`,
    [
      events.map(() => randomUUID()),
      events.map((e) => e.conversationId),
      events.map((e) => e.kind),
      events.map((e) => e.actorId),
      events.map((e) => e.actorName),
      events.map((e) => e.operatorId ?? null),
      events.map((e) => e.operatorName ?? null),
      events.map((e) => (e.until == null ? null : new Date(e.until))),
      events.map((e) => e.reason ?? null),
      events.map((e) => new Date(e.at)),
      events.map((e) => e.detail ?? null),
    ],
  );
}
