import { canOwn } from '../../schema/assignment.ts';
import type { ZeroContext } from '../../schema/context.ts';
import { mutationError } from '../../schema/mutators/mutation-error.ts';
import { type Db, lockConversations } from '../lifecycle/lock-conversations.ts';
import { recordOperatorChanges } from '../lifecycle/record-operator-changes.ts';
import { assignableOperator, OWNER_COLUMNS, type OwnerRow } from './owner-row.ts';

/**
 * Assigns (or transfers) conversations to `operatorId`, or unassigns them with null, in the caller's
 * transaction, with a thread event and an audit entry per conversation that changed. The new owner
 * must be able to own every one of them (active, not read-only, the channel in their scope); else
 * nothing changes. Returns the ids changed.
 */
export async function assignConversations(
  db: Db,
  ctx: ZeroContext | undefined,
  ids: readonly string[],
  operatorId: string | null,
  nowMs: number,
): Promise<string[]> {
  const locked = await lockConversations(db, ctx, ids);
  if (!ctx) return [];
  let assignee: { id: string; name: string } | null = null;
  if (operatorId !== null) {
    const { rows } = await db.query<OwnerRow>(`SELECT ${OWNER_COLUMNS} FROM operator o WHERE o.id = $1`, [
      operatorId,
    ]);
    const op = rows[0];
    if (!op) throw mutationError('not_found', 'No such operator.');
    const owner = assignableOperator(op);
    if (locked.some((c) => !canOwn(owner, c.channelId)))
      throw mutationError('invalid', `${op.name} cannot take conversations of that business number.`);
    assignee = { id: op.id, name: op.name };
  }
  const changed = locked.filter((c) => c.assigneeId !== operatorId);
  if (changed.length === 0) return [];
  const at = new Date(nowMs);
  await db.query(
    `UPDATE conversation SET assignee_id = $2, assignee_name = $3, assigned_at = $4, updated_at = $5
      WHERE id = ANY($1::text[])`,
    [changed.map((c) => c.id), assignee?.id ?? null, assignee?.name ?? null, assignee ? at : null, at],
  );
  await recordOperatorChanges(
    db,
    ctx.userID,
    nowMs,
    changed.map((c) => ({
      conversationId: c.id,
      event: {
        kind: assignee ? 'assigned' : 'unassigned',
        operatorId: assignee?.id ?? c.assigneeId,
        operatorName: assignee?.name ?? null,
      },
      audit: {
        action: assignee
          ? c.assigneeId
            ? 'conversation.transfer'
            : 'conversation.assign'
          : 'conversation.unassign',
        details: { from: c.assigneeId, to: assignee?.id ?? null },
      },
    })),
  );
  return changed.map((c) => c.id);
}
