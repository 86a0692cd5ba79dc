import { describeGraphError } from '../settings/test-connection.ts';
import { GraphApiError } from '../whatsapp/graph-error.ts';
import type { Db } from './send-target.ts';

type Health = 'token_expired' | 'not_registered' | 'error';

/**
 * 190 / 401 (token), 133010 (number not registered), 131031 (account locked): nothing on this channel
 * can work. The channel shows the reason (Settings, the Chats banner, the conversation) and its sends
 * pause; they resume when an admin fixes it and "Test connection" sets sends_paused back to false.
 */
export async function markChannelBroken(
  db: Db,
  channelId: string,
  cause: GraphApiError | { health: Health; message: string },
): Promise<void> {
  const described = cause instanceof GraphApiError ? describeGraphError(cause) : cause;
  const health: Health = described.health === 'ok' ? 'error' : described.health;
  await db.query(
    `UPDATE channel
        SET health = $2, health_error = $3, sends_paused = true, updated_at = now(),
            health_changed_at = CASE WHEN health IS DISTINCT FROM $2 OR health_error IS DISTINCT FROM $3
                                     THEN now() ELSE health_changed_at END
      WHERE id = $1`,
    [channelId, health, described.message.slice(0, 1000)],
  );
}
