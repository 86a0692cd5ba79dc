import type { Db } from './send-target.ts';

// Meta's Cloud API has no idempotency key: when a send times out or the process dies mid-call, Meta may
// or may not have accepted the message. Every send carries biz_opaque_callback_data = our message id,
// which Meta repeats in the message's status webhooks (sent, delivered, read, failed); the webhook
// endpoint stores every body as received (private.webhook_event). Finding our id there proves the
// message was accepted and gives its wamid, so the outbox records it instead of sending a duplicate.

export const CALLBACK_DATA_FIELD = 'biz_opaque_callback_data';

/** The wamid Meta gave a message of ours, from status webhooks received since `since`, or null. */
export async function findAcceptedWamid(db: Db, messageId: string, since: Date): Promise<string | null> {
  const { rows } = await db.query<{ wamid: string | null }>(
    `SELECT s ->> 'id' AS wamid
       FROM private.webhook_event e
      CROSS JOIN LATERAL jsonb_path_query(
        e.body, '$.entry[*].changes[*].value.statuses[*] ? (@.biz_opaque_callback_data == $tag)',
        jsonb_build_object('tag', $1::text)) AS s
      WHERE e.received_at >= $2::timestamptz - interval '10 seconds'
      LIMIT 1`,
    [messageId, since],
  );
  return rows[0]?.wamid ?? null;
}

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Wraps fetch so that message sends (POST …/messages with a `type`) carry our message id as
 * biz_opaque_callback_data. Read receipts and media uploads pass through unchanged.
 */
export function fetchWithCallbackData(base: FetchLike, messageId: string): typeof fetch {
  const wrapped: FetchLike = (input, init) => {
    if (init?.method === 'POST' && typeof init.body === 'string') {
      let body: unknown;
      try {
        body = JSON.parse(init.body);
      } catch {
        body = null;
      }
      if (body && typeof body === 'object' && 'type' in body && ('to' in body || 'recipient' in body)) {
        return base(input, { ...init, body: JSON.stringify({ ...body, [CALLBACK_DATA_FIELD]: messageId }) });
      }
    }
    return base(input, init);
  };
  return wrapped as typeof fetch;
}
