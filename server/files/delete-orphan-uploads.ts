import type { Pool } from '../db/pool.ts';
import { removeStored } from './file-store.ts';

/** graphile-worker task name; scheduled hourly by the outbox worker's crontab. */
export const DELETE_ORPHAN_UPLOADS_TASK = 'files_delete_orphan_uploads';

/** How many files one run deletes at most (the next run continues). */
const BATCH = 500;

/**
 * Deletes files operators uploaded (POST /api/files) that no message and no request took up within
 * `olderThanHours`: a composer closed before sending, a request attachment abandoned. The row goes first,
 * in one statement that re-checks the references, so a message taking the file at the same moment keeps
 * it; the stored bytes follow. Returns how many were deleted.
 */
export async function deleteOrphanUploads(pool: Pool, fileStoreDir: string, olderThanHours: number) {
  const { rows } = await pool.query<{ storage_key: string | null }>(
    `DELETE FROM attachment a
      WHERE a.id IN (
        SELECT id FROM attachment
         WHERE uploaded_by IS NOT NULL AND created_at < now() - make_interval(hours => $1)
           AND NOT EXISTS (SELECT 1 FROM message m WHERE m.attachment_id = attachment.id)
           AND NOT EXISTS (SELECT 1 FROM request_attachment r WHERE r.attachment_id = attachment.id)
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
        AND NOT EXISTS (SELECT 1 FROM message m WHERE m.attachment_id = a.id)
        AND NOT EXISTS (SELECT 1 FROM request_attachment r WHERE r.attachment_id = a.id)
        -- A template's media header names its file in the message's parameters.
        AND NOT EXISTS (SELECT 1 FROM message m
                         WHERE m.type = 'template' AND m.template_params->'headerMedia'->>'attachmentId' = a.id)
      RETURNING a.storage_key`,
    [olderThanHours, BATCH],
  );
  for (const r of rows) if (r.storage_key) await removeStored(fileStoreDir, r.storage_key).catch(() => {});
  return rows.length;
}
