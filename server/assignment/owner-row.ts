import type { AssignableOperator } from '../../schema/assignment.ts';
import type { Role } from '../../schema/roles.ts';

/** The operator columns that decide who may own a conversation (schema/assignment.ts's canOwn). */
export const OWNER_COLUMNS = 'o.id, o.name, o.role, o.active, o.channel_scope';

export type OwnerRow = {
  id: string;
  name: string;
  role: Role;
  active: boolean;
  channel_scope: string[] | null;
};

/** An operator row as the shared ownership rule sees it. */
export function assignableOperator(r: OwnerRow): AssignableOperator {
  return { id: r.id, role: r.role, active: r.active, channelScope: r.channel_scope };
}
