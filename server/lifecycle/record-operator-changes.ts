import { recordAudits } from '../audit/record-audit.ts';
import { type Db, operatorName } from './lock-conversations.ts';
import { type ConversationEventRow, recordConversationEvents } from './record-conversation-events.ts';

/** What an operator's command did to one conversation: the thread's system event and the audit entry. */
export type OperatorChange = {
  conversationId: string;
  event: Omit<ConversationEventRow, 'conversationId' | 'actorId' | 'actorName' | 'at'>;
  audit: { action: string; details: unknown };
};

/**
 * Records the changes of one command (resolve, reopen, snooze, assign) in the caller's transaction: a
 * thread event per conversation, signed with the operator's name as it is now, and an audit entry each.
 */
export async function recordOperatorChanges(
  db: Db,
  actorId: string,
  nowMs: number,
  changes: readonly OperatorChange[],
): Promise<void> {
  const actorName = await operatorName(db, actorId);
  await recordConversationEvents(
    db,
    changes.map((c) => ({ ...c.event, conversationId: c.conversationId, actorId, actorName, at: nowMs })),
  );
  await recordAudits(
    db,
    changes.map((c) => ({
      actorId,
      action: c.audit.action,
      target: `conversation:${c.conversationId}`,
      details: c.audit.details,
    })),
  );
}
