import type { Pool } from '../db/pool.ts';

/**
 * Binds a Zero client group to the operator of its first push; true when it is (now) that operator's.
 * A browser's client groups are per signed-in user (Zero keys its local store by user id), so a group
 * pushed under another operator is someone reusing an id that is not theirs.
 */
export async function bindClientGroup(
  pool: Pool,
  clientGroupId: string,
  operatorId: string,
): Promise<boolean> {
  const { rows } = await pool.query<{ operator_id: string }>(
    `WITH bound AS (
       INSERT INTO private.zero_client_group (client_group_id, operator_id) VALUES ($1, $2)
       ON CONFLICT (client_group_id) DO NOTHING
       RETURNING operator_id)
     SELECT operator_id FROM bound
     UNION ALL
     SELECT operator_id FROM private.zero_client_group WHERE client_group_id = $1`,
    [clientGroupId, operatorId],
  );
  return rows[0]?.operator_id === operatorId;
}

/** How many bindings a process remembers (a browser tab is one group; far more than one process serves). */
const REMEMBERED_GROUPS = 20_000;

/**
 * bindClientGroup with this process's memory of the bindings it has confirmed: a group's operator never
 * changes once bound, so a push from a known group needs no round trip before its transaction. Only
 * confirmed bindings are remembered; a refusal is asked again (and logged by the caller) every time.
 */
export function clientGroupOwners(pool: Pool) {
  const known = new Map<string, string>();
  return async (clientGroupId: string, operatorId: string): Promise<boolean> => {
    const owner = known.get(clientGroupId);
    if (owner !== undefined) return owner === operatorId;
    const bound = await bindClientGroup(pool, clientGroupId, operatorId);
    if (bound) {
      if (known.size >= REMEMBERED_GROUPS) known.delete(known.keys().next().value as string);
      known.set(clientGroupId, operatorId);
    }
    return bound;
  };
}
