import { IconAlertCircle, IconCheck, IconChecks, IconClock } from '@tabler/icons-react';
import type { MessageStatus } from '../../schema/whatsapp/message-status.ts';
import { t } from '../i18n/strings.ts';

/**
 * WhatsApp's ticks: clock (in progress), one grey, two grey, two blue; red with the reason when failed.
 * A plain element (it repeats on every table row and bubble): its label shows through the list's one
 * tooltip (`data-tip`, client/app/hover-tip.tsx).
 */
export function MessageStatusIcon({
  status,
  error,
}: {
  status: MessageStatus | null | undefined;
  error?: string | null;
}) {
  if (!status || status === 'received') return null;
  const label = status === 'failed' && error ? `${t.chats.status.failed}: ${error}` : t.chats.status[status];
  const icon =
    status === 'pending' ? (
      <IconClock size={16} color="var(--mantine-color-gray-6)" />
    ) : status === 'sent' ? (
      <IconCheck size={16} color="var(--mantine-color-gray-6)" />
    ) : status === 'delivered' ? (
      <IconChecks size={16} color="var(--mantine-color-gray-6)" />
    ) : status === 'failed' ? (
      <IconAlertCircle size={16} color="var(--mantine-color-red-7)" />
    ) : (
      <IconChecks size={16} color="var(--mantine-color-blue-6)" />
    );
  return (
    <span
      role="img"
      aria-label={label}
      data-status={status}
      data-tip={label}
      style={{ display: 'inline-flex' }}
    >
      {icon}
    </span>
  );
}
