import type { Db } from '../lifecycle/lock-conversations.ts';

export type MovePair = { sourceId: string; targetId: string };

/**
 * Moves everything that belongs to each merged conversation into its kept one, set-based (one statement
 * per table for all pairs): messages (their ids, wamids and reply links stay, so statuses and
 * reactions Meta sends later still find them), reactions, thread events, note mentions, requests born
 * in it, the outbox's bookkeeping of replies already sent, earlier merges that pointed at it, and each
 * operator's draft (the kept conversation's draft wins), and every operator's open tab of it (it becomes
 * the kept conversation's tab, in its place, once). What is per conversation and disposable goes
 * with the row (viewers, read-receipt marker: ON DELETE CASCADE). The day counters' "handled" and
 * "resolved" bookkeeping keeps the merged id: those were distinct conversations when they were counted.
 */
export async function moveConversationRows(db: Db, pairs: readonly MovePair[]): Promise<void> {
  if (pairs.length === 0) return;
  const params = [pairs.map((p) => p.sourceId), pairs.map((p) => p.targetId)];
  const moves = `unnest($1::text[], $2::text[]) AS p(source_id, target_id)`;
  for (const [table, column] of [
    ['message', 'conversation_id'],
    ['message_reaction', 'conversation_id'],
    ['conversation_event', 'conversation_id'],
    ['note_mention', 'conversation_id'],
    ['request', 'origin_conversation_id'],
    ['private.outbound_message', 'conversation_id'],
    ['conversation_merge', 'target_id'],
  ] as const) {
    await db.query(
      `UPDATE ${table} t SET ${column} = p.target_id FROM ${moves} WHERE t.${column} = p.source_id`,
      params,
    );
  }
  await db.query(
    `INSERT INTO conversation_draft (operator_id, conversation_id, body, updated_at)
     SELECT d.operator_id, p.target_id, d.body, d.updated_at
       FROM ${moves} JOIN conversation_draft d ON d.conversation_id = p.source_id
     ON CONFLICT (operator_id, conversation_id) DO NOTHING`,
    params,
  );
  await db.query(
    `UPDATE operator_preference op SET updated_at = now(), open_tabs = (
       SELECT coalesce(jsonb_agg(tab.id ORDER BY tab.place), '[]'::jsonb) FROM (
         SELECT coalesce(p.target_id, t.id) AS id, min(t.place) AS place
           FROM jsonb_array_elements_text(op.open_tabs) WITH ORDINALITY AS t(id, place)
           LEFT JOIN ${moves} ON p.source_id = t.id
          GROUP BY 1) tab)
     WHERE op.open_tabs ?| $1::text[]`,
    params,
  );
}
