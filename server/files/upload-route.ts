import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { canWrite } from '../../schema/roles.ts';
import { mediaKindFor } from '../../schema/whatsapp/media-limits.ts';
import { sessionMiddleware } from '../auth/session-middleware.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { removeStored, storeBytes } from './file-store.ts';
import { checkUpload, cleanFilename, UPLOAD_MAX_BYTES } from './upload-policy.ts';

const Fields = z.object({ purpose: z.enum(['message', 'request']).default('request') });

export type UploadedFile = {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  /** The WhatsApp message kind the file would be sent as (image, document…), null if none. */
  kind: string | null;
};

/**
 * POST /api/files (multipart: `file`, `purpose` = message | request): checks type, content signature
 * and size, stores the bytes in the file store and creates a ready `attachment` row owned by the
 * operator. Mounted ahead of the global 2 MB /api body limit, so it brings its own limit and session.
 */
export function uploadRoute(deps: AppDeps) {
  const app = new Hono<AppBindings>();
  app.post(
    '/api/files',
    bodyLimit({
      // Multipart framing adds a little around the file itself.
      maxSize: UPLOAD_MAX_BYTES + 64 * 1024,
      onError: (c) => apiError(c, 413, 'too_large', 'The file is larger than 100 MB.'),
    }),
    sessionMiddleware(deps),
    async (c) => {
      const op = c.get('operator');
      if (!op) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
      if (!canWrite(op.role)) return apiError(c, 403, 'forbidden', 'Your account is read-only.');
      if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data'))
        return apiError(c, 400, 'invalid', 'Send the file as multipart/form-data.');
      let form: FormData;
      try {
        form = await c.req.raw.formData();
      } catch {
        return apiError(c, 400, 'invalid', 'The multipart body could not be read.');
      }
      const fields = Fields.safeParse({ purpose: form.get('purpose') ?? undefined });
      if (!fields.success) return apiError(c, 400, 'invalid', 'purpose must be "message" or "request".');
      const file = form.get('file');
      if (!(file instanceof File)) return apiError(c, 400, 'invalid', 'The form has no `file` part.');
      const bytes = new Uint8Array(await file.arrayBuffer());
      const check = checkUpload(fields.data.purpose, file.type, bytes);
      if (!check.ok)
        return apiError(
          c,
          check.status,
          check.status === 413 ? 'too_large' : 'unsupported_type',
          check.error,
        );

      const stored = await storeBytes(deps.env.fileStoreDir, bytes);
      const id = randomUUID();
      const filename = cleanFilename(file.name);
      try {
        await deps.pool.query(
          `INSERT INTO attachment (id, filename, mime_type, size_bytes, sha256, storage_key, state, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, 'ready', $7)`,
          [id, filename, check.mimeType, stored.sizeBytes, stored.sha256, stored.storageKey, op.operatorId],
        );
      } catch (err) {
        await removeStored(deps.env.fileStoreDir, stored.storageKey).catch(() => {});
        throw err;
      }
      const body: UploadedFile = {
        id,
        filename,
        mimeType: check.mimeType,
        sizeBytes: stored.sizeBytes,
        kind: mediaKindFor(check.mimeType),
      };
      return c.json(body, 201);
    },
  );
  return app;
}
