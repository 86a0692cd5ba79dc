import { pickAssignees, type RoundRobinCandidate } from '../../schema/assignment.ts';
import { recordAudits } from '../audit/record-audit.ts';
import type { Db } from '../lifecycle/lock-conversations.ts';
import { recordConversationEvents } from '../lifecycle/record-conversation-events.ts';
import { assignableOperator, OWNER_COLUMNS, type OwnerRow } from './owner-row.ts';

/**
 * Round-robin (admin setting `auto_assign`): unassigned conversations a customer just wrote to go to
 * online operators, fewest open conversations first, nobody beyond `auto_assign_cap`. Called by the
 * inbound path with a whole batch's conversations (already locked by it): a constant number of
 * statements whatever the batch's size, none when the setting is off. Batches of several API
 * processes take turns on an advisory lock, so two of them never both fill an operator's last slot.
 */
export async function autoAssign(
  db: Db,
  conversations: readonly { id: string; channelId: string }[],
  nowMs: number,
): Promise<Map<string, string>> {
  if (conversations.length === 0) return new Map();
  const { rows: settings } = await db.query<{ auto_assign: boolean; auto_assign_cap: number }>(
    `SELECT auto_assign, auto_assign_cap FROM settings WHERE id = 'global'`,
  );
  const setting = settings[0];
  if (!setting?.auto_assign) return new Map();
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('cdesk.auto_assign'))`);
  const { rows } = await db.query<OwnerRow & { last_assigned_at: Date | null; load: number }>(
    `SELECT ${OWNER_COLUMNS}, a.last_assigned_at,
            (SELECT count(*) FROM conversation c
              WHERE c.assignee_id = o.id AND c.state IN ('open', 'pending'))::int AS load
       FROM operator o LEFT JOIN private.operator_auto_assign a ON a.operator_id = o.id
      WHERE o.active AND o.role <> 'readonly' AND o.presence = 'online'`,
  );
  const candidates: RoundRobinCandidate[] = rows.map((r) => ({
    ...assignableOperator(r),
    load: r.load,
    lastAssignedAt: r.last_assigned_at?.getTime() ?? null,
  }));
  const ordered = [...conversations].sort((a, b) => (a.id < b.id ? -1 : 1));
  const picks = pickAssignees(ordered, candidates, setting.auto_assign_cap);
  if (picks.size === 0) return picks;
  const nameOf = new Map(rows.map((r) => [r.id, r.name]));
  const entries = [...picks];
  const at = new Date(nowMs);
  await db.query(
    `UPDATE conversation c SET assignee_id = p.op, assignee_name = p.name, assigned_at = $4, updated_at = $4
       FROM unnest($1::text[], $2::text[], $3::text[]) AS p(id, op, name)
      WHERE c.id = p.id AND c.assignee_id IS NULL`,
    [entries.map(([c]) => c), entries.map(([, o]) => o), entries.map(([, o]) => nameOf.get(o) ?? ''), at],
  );
  const assigned = [...new Set(picks.values())].sort();
  await db.query(
    `INSERT INTO private.operator_auto_assign (operator_id, last_assigned_at)
     SELECT unnest($1::text[]), $2
     ON CONFLICT (operator_id) DO UPDATE SET last_assigned_at = EXCLUDED.last_assigned_at`,
    [assigned, at],
  );
  await recordConversationEvents(
    db,
    entries.map(([conversationId, operatorId]) => ({
      conversationId,
      kind: 'assigned' as const,
      actorId: null,
      actorName: null,
      operatorId,
      operatorName: nameOf.get(operatorId) ?? null,
      at: nowMs,
    })),
  );
  await recordAudits(
    db,
    entries.map(([conversationId, operatorId]) => ({
      actorId: null,
      action: 'conversation.auto_assign',
      target: `conversation:${conversationId}`,
      details: { to: operatorId },
    })),
  );
  return picks;
}
