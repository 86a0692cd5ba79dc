import type { Pool } from '../db/pool.ts';
import type { AppDeps } from '../http/app-context.ts';
import { applyWebhookBatch } from './apply-webhook-batch.ts';
import { planWebhookBatch } from './plan-webhook-batch.ts';

export type ReplayReport = { replayed: number; applied: number; stillFailing: number };

/**
 * Re-applies webhook bodies that were stored but could not be applied (outcome 'failed'), e.g. after
 * the fix of a bug: effects are idempotent (unique wamids, forward-only statuses), so a replay never
 * doubles anything. Runs at start-up; also callable from a maintenance script.
 */
export async function replayFailedWebhookEvents(
  pool: Pool,
  log: AppDeps['log'],
  options: { limit?: number; timeZone?: string } = {},
): Promise<ReplayReport> {
  const { rows } = await pool.query<{ id: number; body: unknown; received_at: Date; body_sha256: string }>(
    `SELECT id, body, received_at, body_sha256 FROM private.webhook_event WHERE outcome = 'failed' ORDER BY id LIMIT $1`,
    [options.limit ?? 1000],
  );
  const report: ReplayReport = { replayed: rows.length, applied: 0, stillFailing: 0 };
  for (const row of rows) {
    const client = await pool.connect();
    try {
      const json = typeof row.body === 'string' ? JSON.parse(row.body) : row.body;
      const planned = planWebhookBatch(json, row.received_at.getTime());
      await client.query('BEGIN');
      if (planned.ok) {
        await applyWebhookBatch(
          client,
          [
            {
              plan: planned.plan,
              bodyJson: '',
              bodySha256: row.body_sha256,
              receivedAt: row.received_at,
              replayOfEventId: row.id,
            },
          ],
          options.timeZone ? { timeZone: options.timeZone } : {},
        );
      } else {
        await client.query(
          `UPDATE private.webhook_event SET outcome = 'rejected', error = $2 WHERE id = $1`,
          [row.id, planned.error],
        );
      }
      await client.query('COMMIT');
      report.applied += 1;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      report.stillFailing += 1;
      await pool
        .query('UPDATE private.webhook_event SET error = $2 WHERE id = $1', [row.id, (err as Error).message])
        .catch(() => {});
    } finally {
      client.release();
    }
  }
  if (report.replayed > 0) log('info', 'replayed failed webhook events', report);
  return report;
}
