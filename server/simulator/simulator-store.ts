// The simulator's world (schema "simulator"): customers' phones, their messages both ways, media, and
// failure rules. Kept in Postgres so it survives restarts and works with several API processes.
import { randomBytes, randomInt } from 'node:crypto';
import type { Pool } from '../db/pool.ts';

export type SimDirection = 'to_business' | 'to_customer';

export type SimMessage = {
  wamid: string;
  seq: number;
  phoneNumberId: string;
  waId: string;
  direction: SimDirection;
  type: string;
  content: Record<string, unknown>;
  status: string;
  error: Record<string, unknown> | null;
  createdAt: number;
};

export type SimCustomer = { waId: string; profileName: string; createdAt: number };

export type SimMedia = {
  id: string;
  phoneNumberId: string;
  mimeType: string;
  sha256: string;
  sizeBytes: number;
  filename: string | null;
  bytes: Buffer;
};

export type FailureStage = 'accept' | 'delivery';
export type FailureMode = 'error' | 'timeout' | 'accept_then_timeout';

export type FailureRule = {
  id: number;
  phoneNumberId: string | null;
  waId: string | null;
  stage: FailureStage;
  errorCode: number;
  httpStatus: number | null;
  mode: FailureMode;
  rate: number;
  remaining: number | null;
};

/** A Meta-like message id: "wamid." and an opaque base64 key. */
export const newWamid = () => `wamid.HBgM${randomBytes(27).toString('base64').replace(/=+$/, '')}`;
/** Meta's media ids are long decimal numbers. */
export const newMediaId = () =>
  `${randomInt(1, 10)}${Array.from({ length: 15 }, () => randomInt(0, 10)).join('')}`;

// Forward-only, as a phone shows it: accepted < sent < delivered < read; failed ends accepted/sent.
const RANK: Readonly<Record<string, number>> = { accepted: 0, sent: 1, delivered: 2, read: 3, played: 4 };

export function simStatusMoves(current: string, next: string): boolean {
  if (current === next) return false;
  if (next === 'failed') return current === 'accepted' || current === 'sent';
  if (current === 'failed') return false;
  return (RANK[next] ?? -1) > (RANK[current] ?? -1);
}

type MessageRow = {
  wamid: string;
  seq: number;
  phone_number_id: string;
  wa_id: string;
  direction: SimDirection;
  type: string;
  content: Record<string, unknown>;
  status: string;
  error: Record<string, unknown> | null;
  created_at: Date;
};

const toMessage = (r: MessageRow): SimMessage => ({
  wamid: r.wamid,
  seq: r.seq,
  phoneNumberId: r.phone_number_id,
  waId: r.wa_id,
  direction: r.direction,
  type: r.type,
  content: r.content,
  status: r.status,
  error: r.error,
  createdAt: r.created_at.getTime(),
});

export async function upsertCustomer(pool: Pool, waId: string, profileName: string): Promise<SimCustomer> {
  const { rows } = await pool.query<{ wa_id: string; profile_name: string; created_at: Date }>(
    `INSERT INTO simulator.customer (wa_id, profile_name) VALUES ($1, $2)
     ON CONFLICT (wa_id) DO UPDATE SET profile_name = CASE WHEN EXCLUDED.profile_name = '' THEN simulator.customer.profile_name
                                                         ELSE EXCLUDED.profile_name END
     RETURNING wa_id, profile_name, created_at`,
    [waId, profileName],
  );
  const r = rows[0];
  if (!r) throw new Error('customer upsert returned nothing');
  return { waId: r.wa_id, profileName: r.profile_name, createdAt: r.created_at.getTime() };
}

export async function findCustomer(pool: Pool, waId: string): Promise<SimCustomer | null> {
  const { rows } = await pool.query<{ wa_id: string; profile_name: string; created_at: Date }>(
    'SELECT wa_id, profile_name, created_at FROM simulator.customer WHERE wa_id = $1',
    [waId],
  );
  const r = rows[0];
  return r ? { waId: r.wa_id, profileName: r.profile_name, createdAt: r.created_at.getTime() } : null;
}

export type CustomerSummary = SimCustomer & { lastMessageAt: number | null; unseen: number };

export async function listCustomers(pool: Pool): Promise<CustomerSummary[]> {
  const { rows } = await pool.query<{
    wa_id: string;
    profile_name: string;
    created_at: Date;
    last_at: Date | null;
    unseen: number;
  }>(
    `SELECT c.wa_id, c.profile_name, c.created_at, max(m.created_at) AS last_at,
            count(*) FILTER (WHERE m.direction = 'to_customer' AND m.status IN ('accepted', 'sent', 'delivered'))::int AS unseen
       FROM simulator.customer c LEFT JOIN simulator.message m ON m.wa_id = c.wa_id
      GROUP BY c.wa_id ORDER BY max(m.created_at) DESC NULLS LAST, c.created_at DESC LIMIT 500`,
  );
  return rows.map((r) => ({
    waId: r.wa_id,
    profileName: r.profile_name,
    createdAt: r.created_at.getTime(),
    lastMessageAt: r.last_at?.getTime() ?? null,
    unseen: r.unseen,
  }));
}

export async function insertSimMessage(
  pool: Pool,
  m: Omit<SimMessage, 'seq' | 'createdAt' | 'error'> & { error?: Record<string, unknown> | null },
): Promise<SimMessage> {
  const { rows } = await pool.query<MessageRow>(
    `INSERT INTO simulator.message (wamid, phone_number_id, wa_id, direction, type, content, status, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      m.wamid,
      m.phoneNumberId,
      m.waId,
      m.direction,
      m.type,
      JSON.stringify(m.content),
      m.status,
      m.error ? JSON.stringify(m.error) : null,
    ],
  );
  const r = rows[0];
  if (!r) throw new Error('message insert returned nothing');
  return toMessage(r);
}

export async function findSimMessage(pool: Pool, wamid: string): Promise<SimMessage | null> {
  const { rows } = await pool.query<MessageRow>('SELECT * FROM simulator.message WHERE wamid = $1', [wamid]);
  return rows[0] ? toMessage(rows[0]) : null;
}

export async function listThread(
  pool: Pool,
  waId: string,
  phoneNumberId: string,
  limit = 200,
): Promise<SimMessage[]> {
  const { rows } = await pool.query<MessageRow>(
    `SELECT * FROM (SELECT * FROM simulator.message WHERE wa_id = $1 AND phone_number_id = $2 ORDER BY seq DESC LIMIT $3) t
      ORDER BY seq`,
    [waId, phoneNumberId, limit],
  );
  return rows.map(toMessage);
}

/** Moves a message's status forward (never back); true when it changed. */
export async function advanceSimStatus(
  pool: Pool,
  wamid: string,
  status: string,
  error: Record<string, unknown> | null = null,
): Promise<boolean> {
  const current = await findSimMessage(pool, wamid);
  if (!current || !simStatusMoves(current.status, status)) return false;
  const { rowCount } = await pool.query(
    `UPDATE simulator.message SET status = $2, error = $3 WHERE wamid = $1 AND status = $4`,
    [wamid, status, error ? JSON.stringify(error) : null, current.status],
  );
  return (rowCount ?? 0) > 0;
}

/** The business's read receipt: the message and every earlier one from that customer get blue ticks. */
export async function markReadByBusiness(pool: Pool, phoneNumberId: string, wamid: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `WITH target AS (SELECT wa_id, seq FROM simulator.message
                      WHERE wamid = $1 AND phone_number_id = $2 AND direction = 'to_business')
     UPDATE simulator.message m SET status = 'read' FROM target
      WHERE m.wa_id = target.wa_id AND m.phone_number_id = $2 AND m.direction = 'to_business' AND m.seq <= target.seq
        AND m.status <> 'read'`,
    [wamid, phoneNumberId],
  );
  const { rows } = await pool.query(
    'SELECT 1 FROM simulator.message WHERE wamid = $1 AND phone_number_id = $2',
    [wamid, phoneNumberId],
  );
  return (rowCount ?? 0) > 0 || rows.length > 0;
}

/** Business messages the customer has not read yet (to send `read` statuses when they open the chat). */
export async function unreadBusinessMessages(
  pool: Pool,
  waId: string,
  phoneNumberId: string,
): Promise<SimMessage[]> {
  const { rows } = await pool.query<MessageRow>(
    `SELECT * FROM simulator.message WHERE wa_id = $1 AND phone_number_id = $2 AND direction = 'to_customer'
        AND status IN ('sent', 'delivered') AND type <> 'reaction' ORDER BY seq`,
    [waId, phoneNumberId],
  );
  return rows.map(toMessage);
}

/** When the customer last wrote to this business number (the 24-hour window's start). */
export async function lastCustomerMessageAt(
  pool: Pool,
  waId: string,
  phoneNumberId: string,
): Promise<number | null> {
  const { rows } = await pool.query<{ at: Date | null }>(
    `SELECT max(created_at) AS at FROM simulator.message
      WHERE wa_id = $1 AND phone_number_id = $2 AND direction = 'to_business'`,
    [waId, phoneNumberId],
  );
  return rows[0]?.at?.getTime() ?? null;
}

export async function insertMedia(pool: Pool, media: SimMedia): Promise<void> {
  await pool.query(
    `INSERT INTO simulator.media (id, phone_number_id, mime_type, sha256, size_bytes, filename, bytes)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      media.id,
      media.phoneNumberId,
      media.mimeType,
      media.sha256,
      media.sizeBytes,
      media.filename,
      media.bytes,
    ],
  );
}

export async function findMedia(pool: Pool, id: string, withBytes = false): Promise<SimMedia | null> {
  const { rows } = await pool.query<{
    id: string;
    phone_number_id: string;
    mime_type: string;
    sha256: string;
    size_bytes: number;
    filename: string | null;
    bytes: Buffer | null;
  }>(
    `SELECT id, phone_number_id, mime_type, sha256, size_bytes, filename, ${withBytes ? 'bytes' : 'NULL::bytea AS bytes'}
       FROM simulator.media WHERE id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    phoneNumberId: r.phone_number_id,
    mimeType: r.mime_type,
    sha256: r.sha256,
    sizeBytes: r.size_bytes,
    filename: r.filename,
    bytes: r.bytes ?? Buffer.alloc(0),
  };
}

export async function addFailureRule(pool: Pool, rule: Omit<FailureRule, 'id'>): Promise<FailureRule> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO simulator.failure_rule (phone_number_id, wa_id, stage, error_code, http_status, mode, rate, remaining)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      rule.phoneNumberId,
      rule.waId,
      rule.stage,
      rule.errorCode,
      rule.httpStatus,
      rule.mode,
      rule.rate,
      rule.remaining,
    ],
  );
  return { ...rule, id: rows[0]?.id ?? 0 };
}

export async function clearFailureRules(pool: Pool): Promise<void> {
  await pool.query('DELETE FROM simulator.failure_rule');
}

/** The first matching rule that fires for this send (its count goes down atomically), or null. */
export async function consumeFailure(
  pool: Pool,
  where: { phoneNumberId: string; waId: string; stage: FailureStage },
  random: () => number,
): Promise<FailureRule | null> {
  const { rows } = await pool.query<{
    id: number;
    phone_number_id: string | null;
    wa_id: string | null;
    stage: FailureStage;
    error_code: number;
    http_status: number | null;
    mode: FailureMode;
    rate: number;
    remaining: number | null;
  }>(
    `SELECT * FROM simulator.failure_rule
      WHERE stage = $3 AND (phone_number_id IS NULL OR phone_number_id = $1) AND (wa_id IS NULL OR wa_id = $2)
        AND (remaining IS NULL OR remaining > 0)
      ORDER BY id`,
    [where.phoneNumberId, where.waId, where.stage],
  );
  for (const r of rows) {
    if (random() >= r.rate) continue;
    const { rowCount } = await pool.query(
      `UPDATE simulator.failure_rule SET remaining = remaining - 1 WHERE id = $1 AND remaining > 0`,
      [r.id],
    );
    if (r.remaining !== null && !rowCount) continue;
    return {
      id: r.id,
      phoneNumberId: r.phone_number_id,
      waId: r.wa_id,
      stage: r.stage,
      errorCode: r.error_code,
      httpStatus: r.http_status,
      mode: r.mode,
      rate: r.rate,
      remaining: r.remaining === null ? null : r.remaining - 1,
    };
  }
  return null;
}
