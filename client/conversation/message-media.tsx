import { Anchor, Box, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconFileDownload, IconMapPin, IconPhotoOff, IconUser } from '@tabler/icons-react';
import { useState } from 'react';
import { displaySafeName } from '../../schema/display-safe-text.ts';
import type { Attachment } from '../../schema/schema.ts';
import { ct } from '../i18n/conversation-strings.ts';
import { fileUrl } from './types.ts';

type Payload = Record<string, unknown> | null | undefined;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

function formatSize(bytes: number | null | undefined): string {
  if (!bytes) return '';
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** A download from WhatsApp that failed for good: the reason, and a retry (POST /files/:id/retry). */
function FailedMedia({ attachment }: { attachment: Attachment }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const retry = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`${fileUrl(attachment.id)}/retry`, {
        method: 'POST',
        credentials: 'same-origin',
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(body?.error?.message ?? `Retry failed (${res.status}).`);
      }
    } catch {
      setError(ct.thread.retryOffline);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={2} c="red.7" data-testid="media-failed">
      <Group gap={4} wrap="nowrap">
        <IconPhotoOff size={16} />
        <Text size="sm">{attachment.error || ct.thread.downloadFailed}</Text>
        {!attachment.metaMediaId ? null : (
          <Button size="compact-xs" variant="light" color="red" loading={busy} onClick={() => void retry()}>
            {ct.thread.retryDownload}
          </Button>
        )}
      </Group>
      {error && <Text size="xs">{error}</Text>}
    </Stack>
  );
}

/** Photos, stickers, audio, video and documents of a message, served from the file store. */
export function MessageMedia({ type, attachment }: { type: string; attachment: Attachment | undefined }) {
  if (!attachment) return null;
  if (attachment.state === 'pending')
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {ct.thread.downloading}
      </Text>
    );
  if (attachment.state === 'failed') return <FailedMedia attachment={attachment} />;
  const src = fileUrl(attachment.id);
  const mime = attachment.mimeType;
  if (type === 'sticker' || (type === 'image' && mime.startsWith('image/'))) {
    return (
      <Anchor href={src} target="_blank" rel="noopener noreferrer" display="block">
        <img
          src={src}
          alt={displaySafeName(attachment.filename ?? '') || type}
          loading="lazy"
          data-testid="message-image"
          style={{
            display: 'block',
            maxWidth: type === 'sticker' ? 128 : '100%',
            maxHeight: type === 'sticker' ? 128 : 280,
            borderRadius: 6,
          }}
        />
      </Anchor>
    );
  }
  if (type === 'audio' || mime.startsWith('audio/')) {
    return (
      <audio controls preload="none" src={src} style={{ maxWidth: '100%' }} data-testid="message-audio">
        <track kind="captions" />
      </audio>
    );
  }
  if (type === 'video' || mime.startsWith('video/')) {
    return (
      <video
        controls
        preload="metadata"
        src={src}
        style={{ maxWidth: '100%', maxHeight: 320, borderRadius: 6 }}
        data-testid="message-video"
      >
        <track kind="captions" />
      </video>
    );
  }
  return (
    <Paper withBorder p={6} radius="sm">
      <Group gap={6} wrap="nowrap">
        <IconFileDownload size={20} />
        <Anchor
          href={fileUrl(attachment.id, true)}
          download={displaySafeName(attachment.filename ?? '') || true}
          size="sm"
        >
          {displaySafeName(attachment.filename ?? '') || ct.thread.download}
        </Anchor>
        <Text size="xs" c="dimmed">
          {formatSize(attachment.sizeBytes)}
        </Text>
      </Group>
    </Paper>
  );
}

/** A shared location: coordinates with a link to a map (opened in a new tab, nothing embedded). */
export function LocationCard({ payload }: { payload: Payload }) {
  const lat = num(payload?.latitude);
  const lon = num(payload?.longitude);
  const name = str(payload?.name);
  const address = str(payload?.address);
  if (lat === null || lon === null) return null;
  const href = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <IconMapPin size={18} />
      <Box>
        {name && <Text size="sm">{name}</Text>}
        {address && (
          <Text size="xs" c="dimmed">
            {address}
          </Text>
        )}
        <Anchor href={href} target="_blank" rel="noopener noreferrer" size="sm">
          {ct.thread.openMap} ({lat.toFixed(5)}, {lon.toFixed(5)})
        </Anchor>
      </Box>
    </Group>
  );
}

type ContactCardPayload = {
  name?: { formatted_name?: string; first_name?: string; last_name?: string };
  phones?: { phone?: string; type?: string }[];
  emails?: { email?: string }[];
  org?: { company?: string };
  /** 'contact_request': the customer's own card (a template's REQUEST_CONTACT_INFO button). */
  origin?: string;
};

/** Shared contact cards: names, phones and e-mails as plain text. */
export function ContactCards({ payload }: { payload: Payload }) {
  const cards = Array.isArray(payload?.contacts) ? (payload.contacts as ContactCardPayload[]) : [];
  if (cards.length === 0) return null;
  return (
    <Stack gap={4}>
      {cards.map((c, i) => {
        const key = `card-${i}`;
        const name =
          c.name?.formatted_name || [c.name?.first_name, c.name?.last_name].filter(Boolean).join(' ') || '';
        return (
          <Paper key={key} withBorder p={6} radius="sm" data-testid="contact-card">
            <Group gap={6} wrap="nowrap" align="flex-start">
              <IconUser size={18} />
              <Box>
                <Text size="sm" fw={500}>
                  {name || ct.thread.contactCard}
                </Text>
                {c.org?.company && (
                  <Text size="xs" c="dimmed">
                    {c.org.company}
                  </Text>
                )}
                {(c.phones ?? []).map((p) => (
                  <Text key={`p:${p.phone}:${p.type}`} size="xs">
                    {p.phone} {p.type ? `(${p.type})` : ''}
                  </Text>
                ))}
                {(c.emails ?? []).map((e) => (
                  <Text key={`e:${e.email}`} size="xs">
                    {e.email}
                  </Text>
                ))}
                {c.origin === 'contact_request' && (
                  <Text size="xs" c="dimmed" fs="italic" mt={2} data-testid="contact-request-label">
                    {ct.thread.contactShared}
                  </Text>
                )}
              </Box>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
