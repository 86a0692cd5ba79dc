import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { canWrite } from '../../schema/roles.ts';
import { mediaKindFor } from '../../schema/whatsapp/media-limits.ts';
import { sessionMiddleware } from '../auth/session-middleware.ts';
import { withTransaction } from '../db/pool.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { openStoredFile, removeStored, type StoredFileWriter } from './file-store.ts';
import { MalformedMultipart, multipartBoundary, multipartEvents } from './multipart-stream.ts';
import { checkUpload, cleanFilename, SIGNATURE_BYTES, UPLOAD_MAX_BYTES } from './upload-policy.ts';
import { lockUploadQuota, quotaMessage, uploadAllowance } from './upload-quota.ts';

const Fields = z.object({ purpose: z.enum(['message', 'request']).default('request') });
/** Form fields besides the file are a word or two. */
const MAX_FIELD_BYTES = 1024;

export type UploadedFile = {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  /** The WhatsApp message kind the file would be sent as (image, document…), null if none. */
  kind: string | null;
};

class UploadRefused extends Error {
  readonly status: 400 | 413;
  readonly code: string;
  constructor(status: 400 | 413, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

type Received = {
  fields: Record<string, string>;
  file: { filename: string; contentType: string; head: Uint8Array; writer: StoredFileWriter } | null;
  sizeBytes: number;
};

/**
 * Reads the multipart body part by part: the `file` part goes straight to a new stored file (never
 * more than a network chunk in memory), stopping as soon as it passes `maxBytes`. The caller commits or
 * aborts the file.
 */
async function receive(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  fileStoreDir: string,
  maxBytes: number,
  tooLarge: string,
): Promise<Received> {
  const got: Received = { fields: {}, file: null, sizeBytes: 0 };
  let field: { name: string; bytes: Buffer[]; size: number } | null = null;
  let inFile = false;
  try {
    for await (const ev of multipartEvents(body, boundary)) {
      if (ev.type === 'part') {
        if (ev.filename !== null && ev.name === 'file' && !got.file) {
          got.file = {
            filename: ev.filename,
            contentType: ev.contentType,
            head: new Uint8Array(0),
            writer: await openStoredFile(fileStoreDir),
          };
          inFile = true;
        } else field = { name: ev.name, bytes: [], size: 0 };
      } else if (ev.type === 'data') {
        if (inFile && got.file) {
          got.sizeBytes += ev.chunk.byteLength;
          if (got.sizeBytes > maxBytes) throw new UploadRefused(413, 'too_large', tooLarge);
          if (got.file.head.byteLength < SIGNATURE_BYTES)
            got.file.head = Buffer.concat([got.file.head, ev.chunk.subarray(0, SIGNATURE_BYTES)]).subarray(
              0,
              SIGNATURE_BYTES,
            );
          await got.file.writer.write(ev.chunk);
        } else if (field) {
          field.size += ev.chunk.byteLength;
          if (field.size > MAX_FIELD_BYTES)
            throw new UploadRefused(400, 'invalid', 'A form field is too long.');
          field.bytes.push(Buffer.from(ev.chunk));
        }
      } else {
        if (field) got.fields[field.name] = Buffer.concat(field.bytes).toString('utf8');
        field = null;
        inFile = false;
      }
    }
  } catch (err) {
    await got.file?.writer.abort();
    await body.cancel().catch(() => {});
    if (err instanceof MalformedMultipart)
      throw new UploadRefused(400, 'invalid', 'The multipart body could not be read.');
    throw err;
  }
  return got;
}

/**
 * POST /api/files (multipart: `file`, `purpose` = message | request): streams the file to the file store
 * (at most 100 MB, and within the operator's upload quota, UPLOAD_QUOTA_MB per 24 hours), checks type,
 * content signature and size, and creates a ready `attachment` row owned by the operator. A file no
 * message or request takes up is deleted after UPLOAD_ORPHAN_HOURS (delete-orphan-uploads.ts).
 * Mounted ahead of the global 2 MB /api body limit, so it brings its own limit (counted while streaming)
 * and session.
 */
export function uploadRoute(deps: AppDeps) {
  const app = new Hono<AppBindings>();
  const quotaMb = deps.env.UPLOAD_QUOTA_MB;
  app.post(
    '/api/files',
    // Not Hono's bodyLimit: without a Content-Length it reads the whole body into memory first.
    async (c, next) => {
      // Multipart framing adds a little around the file itself.
      if (Number(c.req.header('content-length') ?? 0) > UPLOAD_MAX_BYTES + 64 * 1024)
        return apiError(c, 413, 'too_large', 'The file is larger than 100 MB.');
      await next();
    },
    sessionMiddleware(deps),
    async (c) => {
      const op = c.get('operator');
      if (!op) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
      if (!canWrite(op.role)) return apiError(c, 403, 'forbidden', 'Your account is read-only.');
      const boundary = multipartBoundary(c.req.header('content-type'));
      const body = c.req.raw.body;
      if (!boundary || !body) return apiError(c, 400, 'invalid', 'Send the file as multipart/form-data.');
      const allowance = await uploadAllowance(deps.pool, op.operatorId, quotaMb);
      if (allowance <= 0) return apiError(c, 413, 'quota_exceeded', quotaMessage(quotaMb));
      const over = allowance < UPLOAD_MAX_BYTES;
      let got: Received;
      try {
        got = await receive(
          body,
          boundary,
          deps.env.fileStoreDir,
          Math.min(UPLOAD_MAX_BYTES, allowance),
          over ? quotaMessage(quotaMb) : 'The file is larger than 100 MB.',
        );
      } catch (err) {
        if (!(err instanceof UploadRefused)) throw err;
        return apiError(c, err.status, over && err.status === 413 ? 'quota_exceeded' : err.code, err.message);
      }
      const file = got.file;
      const fields = Fields.safeParse({ purpose: got.fields.purpose || undefined });
      if (!fields.success || !file) {
        await file?.writer.abort();
        return apiError(
          c,
          400,
          'invalid',
          file ? 'purpose must be "message" or "request".' : 'The form has no `file` part.',
        );
      }
      const check = checkUpload(fields.data.purpose, file.contentType, file.head, got.sizeBytes);
      if (!check.ok) {
        await file.writer.abort();
        return apiError(
          c,
          check.status,
          check.status === 413 ? 'too_large' : 'unsupported_type',
          check.error,
        );
      }

      const stored = await file.writer.commit();
      const id = randomUUID();
      const filename = cleanFilename(file.filename);
      let admitted = false;
      try {
        admitted = await withTransaction(deps.pool, async (tx) => {
          // Parallel uploads of one operator: the quota is checked again, one at a time, with this file.
          await lockUploadQuota(tx, op.operatorId);
          if ((await uploadAllowance(tx, op.operatorId, quotaMb)) < stored.sizeBytes) return false;
          await tx.query(
            `INSERT INTO attachment (id, filename, mime_type, size_bytes, sha256, storage_key, state, uploaded_by)
             VALUES ($1, $2, $3, $4, $5, $6, 'ready', $7)`,
            [id, filename, check.mimeType, stored.sizeBytes, stored.sha256, stored.storageKey, op.operatorId],
          );
          return true;
        });
      } finally {
        if (!admitted) await removeStored(deps.env.fileStoreDir, stored.storageKey).catch(() => {});
      }
      if (!admitted) return apiError(c, 413, 'quota_exceeded', quotaMessage(quotaMb));
      const answer: UploadedFile = {
        id,
        filename,
        mimeType: check.mimeType,
        sizeBytes: stored.sizeBytes,
        kind: mediaKindFor(check.mimeType),
      };
      return c.json(answer, 201);
    },
  );
  return app;
}
