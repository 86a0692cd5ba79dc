import type { ZeroContext } from '../../schema/context.ts';
import type { SessionOperator } from '../auth/session-store.ts';
import type { Pool } from '../db/pool.ts';

/** The authoritative Zero context for a request: session identity plus the live module switch. */
export async function zeroContextFor(pool: Pool, op: SessionOperator): Promise<ZeroContext> {
  const { rows } = await pool.query(`SELECT chats_enabled FROM settings WHERE id = 'global'`);
  return {
    userID: op.operatorId,
    role: op.role,
    canSendTemplates: op.canSendTemplates,
    channelScope: op.channelScope,
    chatsEnabled: rows[0]?.chats_enabled ?? false,
  };
}
