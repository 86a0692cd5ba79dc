// Meta's accepted media types and size limits for Cloud API messages.
// Pure data + functions with no Node imports: the composer in the browser checks a file before
// uploading it, and the server checks again before calling Graph.

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

export type MediaLimit = {
  readonly mimeTypes: readonly string[];
  readonly maxBytes: number;
};

const KB = 1024;
const MB = 1024 * 1024;

/** Static stickers may be 100 KB, animated ones 500 KB (Meta's limits). */
export const ANIMATED_STICKER_MAX_BYTES = 500 * KB;

export const MEDIA_LIMITS: Readonly<Record<MediaKind, MediaLimit>> = {
  image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB },
  audio: { mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * MB },
  document: {
    mimeTypes: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * MB,
  },
  sticker: { mimeTypes: ['image/webp'], maxBytes: 100 * KB },
};

/** Lower-cases and drops parameters: browsers report `audio/ogg; codecs=opus`, Meta lists `audio/ogg`. */
export function normalizeMimeType(mime: string): string {
  return (mime.split(';')[0] ?? '').trim().toLowerCase();
}

/** The message kind a MIME type is sent as, or null when Meta does not accept it at all. */
export function mediaKindFor(mime: string): MediaKind | null {
  const normalized = normalizeMimeType(mime);
  for (const kind of Object.keys(MEDIA_LIMITS) as MediaKind[]) {
    if (MEDIA_LIMITS[kind].mimeTypes.includes(normalized)) return kind;
  }
  return null;
}

export type MediaCheck = { ok: true; kind: MediaKind } | { ok: false; error: string };

/** Checks a file against Meta's limits; the error string is meant to be shown to the operator as is. */
export function checkMedia(
  mime: string,
  sizeBytes: number,
  options: { animatedSticker?: boolean } = {},
): MediaCheck {
  const kind = mediaKindFor(mime);
  if (kind === null) {
    return {
      ok: false,
      error: `WhatsApp does not accept files of type ${normalizeMimeType(mime) || 'unknown'}.`,
    };
  }
  if (!Number.isFinite(sizeBytes) || sizeBytes <= 0) {
    return { ok: false, error: 'The file is empty.' };
  }
  const maxBytes =
    kind === 'sticker' && options.animatedSticker ? ANIMATED_STICKER_MAX_BYTES : MEDIA_LIMITS[kind].maxBytes;
  if (sizeBytes > maxBytes) {
    return {
      ok: false,
      error: `The ${kind} is ${formatBytes(sizeBytes)}; WhatsApp accepts at most ${formatBytes(maxBytes)} for this type.`,
    };
  }
  return { ok: true, kind };
}

function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  if (bytes >= KB) return `${Number((bytes / KB).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
