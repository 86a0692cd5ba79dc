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
