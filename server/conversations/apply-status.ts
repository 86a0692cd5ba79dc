import type { PoolClient } from '../db/pool.ts';
import { type Delivery, deliveryChanged, foldStatuses, type IncomingStatus } from './fold-statuses.ts';

export type StatusEvent = IncomingStatus & { wamid: string };

type MessageRow = {
  id: string;
  wamid: string;
  status: string;
  sent_at: Date | null;
  delivered_at: Date | null;
  read_at: Date | null;
  failed_at: Date | null;
  error_code: number | null;
  error_title: string | null;
  error_detail: string | null;
};

const ms = (d: Date | null) => (d ? d.getTime() : null);
const date = (n: number | null) => (n === null ? null : new Date(n));

function deliveryOf(row: MessageRow): Delivery {
  return {
    status: row.status,
    sentAt: ms(row.sent_at),
    deliveredAt: ms(row.delivered_at),
    readAt: ms(row.read_at),
    failedAt: ms(row.failed_at),
    errorCode: row.error_code,
    errorTitle: row.error_title,
    errorDetail: row.error_detail,
  };
}

const LOCK_MESSAGES = `SELECT id, wamid, status, sent_at, delivered_at, read_at, failed_at, error_code, error_title, error_detail
  FROM message`;

/** Locks the messages with these wamids (in a stable order) and returns their delivery fields. */
/**
 * Serialises the "is this wamid stored yet?" decision per wamid: a webhook that parks a status (or a
 * reaction) for an unknown wamid and the transaction that records that wamid (applyPendingStatuses)
 * take the same transaction-scoped lock first, so neither can miss the other's uncommitted row. Taken
 * in sorted order, so concurrent batches cannot deadlock.
 */
export async function lockWamids(client: PoolClient, wamids: string[]): Promise<void> {
  if (wamids.length === 0) return;
  await client.query(
    `SELECT pg_advisory_xact_lock(hashtextextended(w, 7)) FROM (SELECT DISTINCT unnest($1::text[]) AS w ORDER BY 1) t`,
    [wamids],
  );
}

export async function lockMessagesByWamid(
  client: PoolClient,
  wamids: string[],
): Promise<Map<string, MessageRow>> {
  if (wamids.length === 0) return new Map();
  const { rows } = await client.query<MessageRow>(
    `${LOCK_MESSAGES} WHERE wamid = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [wamids],
  );
  return new Map(rows.map((r) => [r.wamid, r]));
}

/**
 * Folds the events into each message and writes the ones that changed; the conversation's last
 * message status (and error) follows when that message is its last one. One statement.
 */
export async function writeDeliveries(
  client: PoolClient,
  messages: Map<string, MessageRow>,
  eventsByWamid: Map<string, IncomingStatus[]>,
): Promise<number> {
  const changed: { id: string; d: Delivery }[] = [];
  for (const [wamid, events] of eventsByWamid) {
    const row = messages.get(wamid);
    if (!row) continue;
    const before = deliveryOf(row);
    const after = foldStatuses(before, events);
    if (deliveryChanged(before, after)) changed.push({ id: row.id, d: after });
  }
  if (changed.length === 0) return 0;
  await client.query(
    `WITH u AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[],
                            $6::timestamptz[], $7::int[], $8::text[], $9::text[])
         AS u(id, status, sent_at, delivered_at, read_at, failed_at, error_code, error_title, error_detail)
     ), m AS (
       UPDATE message SET status = u.status, sent_at = u.sent_at, delivered_at = u.delivered_at, read_at = u.read_at,
              failed_at = u.failed_at, error_code = u.error_code, error_title = u.error_title, error_detail = u.error_detail
         FROM u WHERE message.id = u.id
       RETURNING message.id, message.conversation_id, message.status, message.error_title, message.error_detail
     )
     UPDATE conversation c SET last_message_status = m.status,
            last_message_error = CASE WHEN m.status = 'failed' THEN coalesce(nullif(m.error_detail, ''), m.error_title) END,
            updated_at = now()
       FROM m WHERE c.id = m.conversation_id AND c.last_message_id = m.id`,
    [
      changed.map((c) => c.id),
      changed.map((c) => c.d.status),
      changed.map((c) => date(c.d.sentAt)),
      changed.map((c) => date(c.d.deliveredAt)),
      changed.map((c) => date(c.d.readAt)),
      changed.map((c) => date(c.d.failedAt)),
      changed.map((c) => c.d.errorCode),
      changed.map((c) => c.d.errorTitle),
      changed.map((c) => c.d.errorDetail),
    ],
  );
  return changed.length;
}

export type StatusResult = { applied: number; pending: number };

/**
 * Status webhooks for our outbound messages. A status whose wamid is not stored yet (Meta can be
 * faster than the Graph API's answer to our send) is kept in private.pending_status and applied by
 * applyPendingStatuses when the wamid is recorded (or by the sweeper).
 */
export async function applyStatuses(client: PoolClient, events: StatusEvent[]): Promise<StatusResult> {
  if (events.length === 0) return { applied: 0, pending: 0 };
  const byWamid = new Map<string, IncomingStatus[]>();
  for (const e of events) {
    const list = byWamid.get(e.wamid) ?? [];
    list.push({ status: e.status, at: e.at, error: e.error });
    byWamid.set(e.wamid, list);
  }
  const wamids = [...byWamid.keys()].sort();
  await lockWamids(client, wamids);
  const messages = await lockMessagesByWamid(client, wamids);
  const applied = await writeDeliveries(client, messages, byWamid);
  const pending = events.filter((e) => !messages.has(e.wamid));
  if (pending.length > 0) {
    // One row per (wamid, status): the earliest time of duplicates, like foldStatuses.
    const unique = new Map<string, StatusEvent>();
    for (const e of pending) {
      const key = `${e.wamid}\n${e.status}`;
      const seen = unique.get(key);
      if (!seen || e.at < seen.at) unique.set(key, e);
    }
    const list = [...unique.values()];
    await client.query(
      `INSERT INTO private.pending_status AS p (wamid, status, at, errors)
       SELECT w, s, a, e::jsonb FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS t(w, s, a, e)
       ON CONFLICT (wamid, status) DO UPDATE SET at = least(p.at, EXCLUDED.at)`,
      [
        list.map((e) => e.wamid),
        list.map((e) => e.status.slice(0, 40)),
        list.map((e) => new Date(e.at)),
        list.map((e) => (e.error ? JSON.stringify(e.error) : null)),
      ],
    );
  }
  return { applied, pending: pending.length };
}
