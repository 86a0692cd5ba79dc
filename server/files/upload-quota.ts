import type pg from 'pg';

const MB = 1024 * 1024;

/** The rolling window of the per-operator upload quota. */
export const UPLOAD_QUOTA_WINDOW_HOURS = 24;

/** Bytes an operator may still upload now; Infinity without a quota (UPLOAD_QUOTA_MB=0). */
export async function uploadAllowance(db: pg.ClientBase | pg.Pool, operatorId: string, quotaMb: number) {
  if (quotaMb === 0) return Number.POSITIVE_INFINITY;
  const { rows } = await db.query<{ used: string | null }>(
    `SELECT sum(size_bytes) AS used FROM attachment
      WHERE uploaded_by = $1 AND created_at > now() - make_interval(hours => $2)`,
    [operatorId, UPLOAD_QUOTA_WINDOW_HOURS],
  );
  return quotaMb * MB - Number(rows[0]?.used ?? 0);
}

/**
 * Serialises one operator's quota check and insert (parallel uploads cannot each see the same room);
 * held until the transaction ends.
 */
export async function lockUploadQuota(tx: pg.ClientBase, operatorId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('upload-quota:' || $1))`, [operatorId]);
}

export function quotaMessage(quotaMb: number): string {
  return `You have uploaded ${quotaMb} MB in the last ${UPLOAD_QUOTA_WINDOW_HOURS} hours, your quota: try again later or ask an administrator.`;
}
