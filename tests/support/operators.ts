import { createSession, SESSION_COOKIE } from '../../server/auth/session-store.ts';
import type { Pool } from '../../server/db/pool.ts';

export type BenchOperator = { id: string; name: string; cookie: string; token: string };

/**
 * `count` active operators (role operator, every channel) with a signed-in session each: what 50
 * operators with the Chats table open look like to the server. Only the session token's hash is stored,
 * exactly as after a real sign-in.
 */
export async function createOperators(
  pool: Pool,
  count: number,
  prefix = 'bench-op',
): Promise<BenchOperator[]> {
  const out: BenchOperator[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `${prefix}-${i}`;
    const name = `Bench Operator ${i}`;
    await pool.query(
      `INSERT INTO operator (id, name, email, role, can_send_templates, channel_scope)
       VALUES ($1, $2, $3, 'operator', true, NULL) ON CONFLICT (id) DO NOTHING`,
      [id, name, `${id}@bench.cdesk.local`],
    );
    const { token } = await createSession(pool, id, 'cdesk-bench');
    out.push({ id, name, token, cookie: `${SESSION_COOKIE}=${token}` });
  }
  return out;
}

/** A session for an existing operator (e.g. the demo admin). */
export async function sessionFor(pool: Pool, operatorId: string): Promise<BenchOperator> {
  const { rows } = await pool.query<{ name: string }>('SELECT name FROM operator WHERE id = $1', [
    operatorId,
  ]);
  const { token } = await createSession(pool, operatorId, 'cdesk-bench');
  return { id: operatorId, name: rows[0]?.name ?? operatorId, token, cookie: `${SESSION_COOKIE}=${token}` };
}
