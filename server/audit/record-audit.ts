import { randomUUID } from 'node:crypto';

type Queryable = { query: (sql: string, params?: unknown[]) => Promise<unknown> };

export type AuditEntry = { actorId: string | null; action: string; target?: string; details?: unknown };

/** Appends to the audit log; pass the transaction's client so the entry commits with the change. */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    'INSERT INTO audit_log (id, actor_id, action, target, details) VALUES ($1, $2, $3, $4, $5)',
    [
      randomUUID(),
      entry.actorId,
      entry.action,
      entry.target ?? null,
      entry.details === undefined ? null : JSON.stringify(entry.details),
    ],
  );
}

/** Many entries in one statement (a bulk command audits each conversation it changed). */
export async function recordAudits(db: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO audit_log (id, actor_id, action, target, details)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
    [
      entries.map(() => randomUUID()),
      entries.map((e) => e.actorId),
      entries.map((e) => e.action),
      entries.map((e) => e.target ?? null),
      entries.map((e) => (e.details === undefined ? null : JSON.stringify(e.details))),
    ],
  );
}
