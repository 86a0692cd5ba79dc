import { checkMedia, normalizeMimeType } from '../../schema/whatsapp/media-limits.ts';

// What POST /api/files accepts. `message`: a file to send on WhatsApp (Meta's types and limits, checked
// again by the send path). `request`: a file kept with a support request (common office types).

export type UploadPurpose = 'message' | 'request';

const MB = 1024 * 1024;
export const REQUEST_FILE_MAX_BYTES = 25 * MB;
/** The largest upload of any purpose (WhatsApp documents): the route's streaming body limit. */
export const UPLOAD_MAX_BYTES = 100 * MB;

const REQUEST_MIME_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'audio/mpeg',
  'audio/ogg',
  'audio/mp4',
  'video/mp4',
]);

// Magic numbers of the types a browser could be tricked into rendering: the declared type must match.
const SIGNATURES: Readonly<Record<string, (b: Uint8Array) => boolean>> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => ascii(b, 1, 4) === 'PNG' && b[0] === 0x89,
  'image/gif': (b) => ascii(b, 0, 4) === 'GIF8',
  'image/webp': (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP',
  'application/pdf': (b) => ascii(b, 0, 5) === '%PDF-',
};

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}

export type UploadCheck =
  | { ok: true; mimeType: string }
  | { ok: false; status: 413 | 415 | 400; error: string };

/** How many leading bytes the content signatures need (an upload keeps these while streaming to disk). */
export const SIGNATURE_BYTES = 16;

/**
 * Checks a file's declared type, its content's signature (from its first SIGNATURE_BYTES) and its size
 * for the purpose.
 */
export function checkUpload(
  purpose: UploadPurpose,
  declaredMime: string,
  head: Uint8Array,
  sizeBytes: number,
): UploadCheck {
  const mimeType = normalizeMimeType(declaredMime) || 'application/octet-stream';
  if (sizeBytes === 0) return { ok: false, status: 400, error: 'The file is empty.' };
  if (purpose === 'message') {
    const check = checkMedia(mimeType, sizeBytes);
    if (!check.ok) {
      const tooLarge = check.error.includes('at most');
      return { ok: false, status: tooLarge ? 413 : 415, error: check.error };
    }
  } else {
    if (!REQUEST_MIME_TYPES.has(mimeType))
      return { ok: false, status: 415, error: `Files of type ${mimeType} cannot be attached to a request.` };
    if (sizeBytes > REQUEST_FILE_MAX_BYTES)
      return { ok: false, status: 413, error: 'Request attachments may be at most 25 MB.' };
  }
  const signature = SIGNATURES[mimeType];
  if (signature && !signature(head))
    return { ok: false, status: 415, error: `The file's content is not a ${mimeType} file.` };
  return { ok: true, mimeType };
}

/** A safe display name: no path, no control characters, at most 200 characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (cleaned || 'file').slice(-200);
}
