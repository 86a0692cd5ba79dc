import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { canWrite } from '../../schema/roles.ts';
import { normalizeMimeType } from '../../schema/whatsapp/media-limits.ts';
import { sessionMiddleware } from '../auth/session-middleware.ts';
import type { SessionOperator } from '../auth/session-store.ts';
import type { Pool } from '../db/pool.ts';
import { storagePath } from '../files/file-store.ts';
import { apiError } from '../http/api-error.ts';
import type { AppBindings, AppDeps } from '../http/app-context.ts';
import { retryMediaDownload } from './retry-media-download.ts';

// Shown in the browser when not asked to download; everything else is always a download.
const INLINE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'video/mp4',
  'video/3gpp',
  'video/webm',
  'audio/ogg',
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'audio/amr',
  'audio/wav',
  'audio/webm',
  'application/pdf',
  'text/plain',
]);

type FileRow = {
  id: string;
  filename: string;
  mime_type: string;
  size_bytes: number | null;
  sha256: string | null;
  storage_key: string | null;
  state: 'pending' | 'ready' | 'failed';
  allowed: boolean;
};

/**
 * Whether the operator may see the file: through a message of a conversation in their channel scope
 * (and the Chats module on), a request they may see, or because they uploaded it.
 */
async function findVisibleFile(pool: Pool, id: string, op: SessionOperator): Promise<FileRow | null> {
  const { rows } = await pool.query<FileRow>(
    `SELECT a.id, a.filename, a.mime_type, a.size_bytes, a.sha256, a.storage_key, a.state,
            (a.uploaded_by = $2
             OR EXISTS (SELECT 1 FROM message m JOIN conversation c ON c.id = m.conversation_id
                         WHERE m.attachment_id = a.id
                           AND ($3::text[] IS NULL OR c.channel_id = ANY($3::text[]))
                           AND (SELECT chats_enabled FROM settings WHERE id = 'global'))
             OR EXISTS (SELECT 1 FROM request_attachment ra JOIN request r ON r.id = ra.request_id
                          LEFT JOIN conversation c ON c.id = r.origin_conversation_id
                         WHERE ra.attachment_id = a.id
                           AND ($3::text[] IS NULL OR r.origin_conversation_id IS NULL OR c.channel_id = ANY($3::text[])))
            ) AS allowed
       FROM attachment a WHERE a.id = $1`,
    [id, op.operatorId, op.channelScope],
  );
  const row = rows[0];
  return row?.allowed ? row : null;
}

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const name = filename || 'file';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'invalid' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? 'invalid' : { start, end };
}

/**
 * GET /files/:attachmentId: a stored file, to signed-in operators allowed to see it, with its type,
 * a Content-Disposition (inline only for types a browser shows safely; `?download=1` forces a
 * download), nosniff and a sandboxing CSP; single byte ranges for audio/video seeking.
 * POST /files/:attachmentId/retry: downloads a failed inbound media again.
 */
export function fileRoute(deps: AppDeps, options: { onRetry?: () => void } = {}) {
  const app = new Hono<AppBindings>();
  app.use('/files/*', sessionMiddleware(deps));

  app.get('/files/:attachmentId', async (c) => {
    const op = c.get('operator');
    if (!op) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    const id = c.req.param('attachmentId');
    if (id.length > 64) return apiError(c, 404, 'not_found', 'No such file.');
    const file = await findVisibleFile(deps.pool, id, op);
    if (!file) return apiError(c, 404, 'not_found', 'No such file.');
    if (file.state !== 'ready' || !file.storage_key) {
      return apiError(
        c,
        409,
        file.state === 'failed' ? 'download_failed' : 'not_ready',
        'The file is not available yet.',
      );
    }
    let path: string;
    let size: number;
    try {
      path = storagePath(deps.env.fileStoreDir, file.storage_key);
      size = (await stat(path)).size;
    } catch {
      deps.log('error', 'file missing from the file store', { attachmentId: id });
      return apiError(c, 404, 'not_found', 'The file is missing from the file store.');
    }
    const etag = file.sha256 ? `"${file.sha256}"` : null;
    const mime = normalizeMimeType(file.mime_type) || 'application/octet-stream';
    const inline = INLINE_TYPES.has(mime) && c.req.query('download') === undefined;
    c.header('Content-Type', mime === 'text/plain' ? 'text/plain; charset=utf-8' : file.mime_type);
    c.header('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', file.filename));
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'private, max-age=86400');
    // PDF viewers do not run in a sandboxed document; every other type is inert in one.
    c.header(
      'Content-Security-Policy',
      mime === 'application/pdf' ? "default-src 'none'; object-src 'self'" : "default-src 'none'; sandbox",
    );
    c.header('Accept-Ranges', 'bytes');
    if (etag) {
      c.header('ETag', etag);
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    }
    const range = parseRange(c.req.header('range'), size);
    if (range === 'invalid') {
      c.header('Content-Range', `bytes */${size}`);
      return c.body(null, 416);
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    c.header('Content-Length', String(size === 0 ? 0 : end - start + 1));
    if (range) c.header('Content-Range', `bytes ${start}-${end}/${size}`);
    if (size === 0) return c.body(null, 200);
    const stream = Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>;
    return c.body(stream, range ? 206 : 200);
  });

  app.post('/files/:attachmentId/retry', async (c) => {
    const op = c.get('operator');
    if (!op) return apiError(c, 401, 'unauthenticated', 'Sign in first.');
    if (!canWrite(op.role)) return apiError(c, 403, 'forbidden', 'Your account is read-only.');
    const id = c.req.param('attachmentId');
    const file = id.length <= 64 ? await findVisibleFile(deps.pool, id, op) : null;
    if (!file) return apiError(c, 404, 'not_found', 'No such file.');
    const queued = await retryMediaDownload(deps.pool, id);
    if (!queued)
      return apiError(c, 409, 'not_retryable', 'Only a failed WhatsApp media download can be retried.');
    options.onRetry?.();
    return c.json({ ok: true, state: 'pending' }, 202);
  });
  return app;
}
