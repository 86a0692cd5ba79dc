import { createHash } from 'node:crypto';
import {
  ANIMATED_STICKER_MAX_BYTES,
  MEDIA_LIMITS,
  type MediaKind,
} from '../../schema/whatsapp/media-limits.ts';
import { loadChannelConfig } from '../channels/channel-config.ts';
import type { Env } from '../config/env.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Pool } from '../db/pool.ts';
import { storeBytes } from '../files/file-store.ts';
import { GraphClient, isValidMediaId } from '../whatsapp/graph-client.ts';
import { GraphApiError } from '../whatsapp/graph-error.ts';

export type MediaJob = {
  attachmentId: string;
  channelId: string;
  attempts: number;
  metaMediaId: string | null;
  /** What the webhook said (base64 in Meta's payloads). */
  sha256: string | null;
  mimeType: string;
  /** The message type (image, video, audio, document, sticker). */
  kind: string | null;
};

export type Downloaded = { storageKey: string; sha256: string; sizeBytes: number; mimeType: string };

/** A failure that retrying cannot fix (the worker marks the attachment failed at once). */
export class PermanentMediaError extends Error {
  override readonly name = 'PermanentMediaError';
}

const MB = 1024 * 1024;
/** WhatsApp documents go up to 100 MB; nothing bigger is ever accepted. */
const ABSOLUTE_MAX_BYTES = 100 * MB;

export function maxBytesFor(kind: string | null): number {
  if (kind === 'sticker') return ANIMATED_STICKER_MAX_BYTES;
  return kind && kind in MEDIA_LIMITS ? MEDIA_LIMITS[kind as MediaKind].maxBytes : ABSOLUTE_MAX_BYTES;
}

/** Meta writes sha256 as hex in Graph answers and as base64 in webhooks: accept either spelling. */
export function sameSha256(digest: Buffer, expected: string | null | undefined): boolean {
  if (!expected) return true;
  const e = expected.trim();
  return (
    e.toLowerCase() === digest.toString('hex') ||
    e.replace(/=+$/, '') === digest.toString('base64').replace(/=+$/, '')
  );
}

export type DownloadDeps = {
  pool: Pool;
  secretBox: SecretBox;
  env: Pick<Env, 'PORT' | 'HOST' | 'fileStoreDir'> & Partial<Pick<Env, 'WHATSAPP_MEDIA_HOSTS'>>;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

/**
 * Graph: media id -> short-lived URL -> bytes (with the channel's token), checked against Meta's size
 * and sha256 and the type's limit, then written to the file store. Throws GraphApiError (classified),
 * PermanentMediaError, or other errors (treated as transient).
 */
export async function downloadInboundMedia(deps: DownloadDeps, job: MediaJob): Promise<Downloaded> {
  if (!job.metaMediaId) throw new PermanentMediaError('The message carried no media id.');
  if (!isValidMediaId(job.metaMediaId))
    throw new PermanentMediaError('The message carried an invalid media id.');
  const channel = await loadChannelConfig(deps.pool, deps.secretBox, deps.env, { id: job.channelId });
  if (!channel) throw new PermanentMediaError('The channel of this media no longer exists.');
  if (!channel.accessToken) throw new Error('The channel has no access token yet.');
  const client = new GraphClient({
    graphUrl: channel.graphUrl,
    accessToken: channel.accessToken,
    phoneNumberId: channel.phoneNumberId,
    wabaId: channel.wabaId,
    timeoutMs: deps.timeoutMs ?? 15_000,
    mediaTimeoutMs: 120_000,
    ...(deps.env.WHATSAPP_MEDIA_HOSTS ? { mediaHosts: deps.env.WHATSAPP_MEDIA_HOSTS } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const limit = maxBytesFor(job.kind);
  let info = await client.getMediaUrl(job.metaMediaId);
  if (info.file_size > limit)
    throw new PermanentMediaError(
      `The file is ${info.file_size} bytes; at most ${limit} are accepted for ${job.kind}.`,
    );
  let bytes: Uint8Array;
  try {
    bytes = await client.downloadMedia(info.url);
  } catch (err) {
    // The URL lives 5 minutes: a 404 means ask for a fresh one, once.
    if (!(err instanceof GraphApiError && err.httpStatus === 404)) throw err;
    info = await client.getMediaUrl(job.metaMediaId);
    bytes = await client.downloadMedia(info.url);
  }
  if (bytes.byteLength > limit)
    throw new PermanentMediaError(
      `The file is ${bytes.byteLength} bytes; at most ${limit} are accepted for ${job.kind}.`,
    );
  if (info.file_size > 0 && bytes.byteLength !== info.file_size)
    throw new Error(`Incomplete download: ${bytes.byteLength} of ${info.file_size} bytes.`);
  const digest = createHash('sha256').update(bytes).digest();
  if (!sameSha256(digest, info.sha256) || !sameSha256(digest, job.sha256))
    throw new Error('The downloaded bytes do not match the sha256 Meta announced.');
  const stored = await storeBytes(deps.env.fileStoreDir, bytes);
  return {
    storageKey: stored.storageKey,
    sha256: stored.sha256,
    sizeBytes: stored.sizeBytes,
    mimeType: info.mime_type || job.mimeType,
  };
}
