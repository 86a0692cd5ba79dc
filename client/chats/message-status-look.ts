import type { IconNode } from '@tabler/icons-react';
import { __iconNode as alertCircle } from '@tabler/icons-react/icons/IconAlertCircle';
import { __iconNode as check } from '@tabler/icons-react/icons/IconCheck';
import { __iconNode as checks } from '@tabler/icons-react/icons/IconChecks';
import { __iconNode as clock } from '@tabler/icons-react/icons/IconClock';
import type { MessageStatus } from '../../schema/whatsapp/message-status.ts';
import { iconElement } from '../app/dom-icon.ts';
import { t } from '../i18n/strings.ts';

type Look = { label: string; name: string; icon: IconNode; color: string };

const GREY = 'var(--mantine-color-gray-6)';
const BLUE = 'var(--mantine-color-blue-6)';
const TICKS: Record<Exclude<MessageStatus, 'received'>, [name: string, icon: IconNode, color: string]> = {
  pending: ['clock', clock, GREY],
  sent: ['check', check, GREY],
  delivered: ['checks', checks, GREY],
  read: ['checks', checks, BLUE],
  played: ['checks', checks, BLUE],
  failed: ['alert-circle', alertCircle, 'var(--mantine-color-red-7)'],
};

/**
 * WhatsApp's ticks: clock (in progress), one grey, two grey, two blue; red with the reason when failed.
 * Nothing for a received (incoming) message.
 */
export function messageStatusLook(
  status: MessageStatus | null | undefined,
  error?: string | null,
): Look | null {
  if (!status || status === 'received') return null;
  const [name, icon, color] = TICKS[status];
  const label = status === 'failed' && error ? `${t.chats.status.failed}: ${error}` : t.chats.status[status];
  return { label, name, icon, color };
}

/**
 * The status as a plain element (it repeats on every table row and bubble): its label shows through the
 * list's one tooltip (`data-tip`, client/app/hover-tip.tsx).
 */
export function messageStatusElement(
  status: MessageStatus | null | undefined,
  error?: string | null,
): HTMLSpanElement | null {
  const look = messageStatusLook(status, error);
  if (!look || !status) return null;
  const span = document.createElement('span');
  span.setAttribute('role', 'img');
  span.setAttribute('aria-label', look.label);
  span.setAttribute('data-status', status);
  span.setAttribute('data-tip', look.label);
  span.style.display = 'inline-flex';
  span.appendChild(iconElement(look.name, look.icon, 16, look.color));
  return span;
}
