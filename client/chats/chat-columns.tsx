import { Anchor, Badge, Group, Text, Tooltip } from '@mantine/core';
import {
  IconArrowDownLeft,
  IconArrowUpRight,
  IconBrandWhatsapp,
  IconBuildingLighthouse,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { SortableColumn } from '../../schema/conversation-filter.ts';
import type { Conversation } from '../../schema/schema.ts';
import { t } from '../i18n/strings.ts';
import { formatTableDate } from './format-date.ts';
import { MessageStatusIcon } from './message-status-icon.tsx';

export type ChatColumnId = keyof typeof t.chats.columns;

export type ChatColumn = {
  id: ChatColumnId;
  width: number;
  sortBy?: SortableColumn;
  render: (c: Conversation, open: (id: string) => void) => ReactNode;
};

const stop = (e: { preventDefault: () => void }) => e.preventDefault();

/** The 11 columns of the product description, in their default order. */
export const CHAT_COLUMNS: readonly ChatColumn[] = [
  { id: 'number', width: 80, sortBy: 'number', render: (c) => <Text size="sm">{c.number}</Text> },
  {
    id: 'source',
    width: 70,
    render: () => (
      <Tooltip label="WhatsApp">
        <IconBrandWhatsapp size={18} color="#25D366" aria-label="WhatsApp" />
      </Tooltip>
    ),
  },
  {
    id: 'businessNumber',
    width: 150,
    sortBy: 'businessNumber',
    render: (c) => <Text size="sm">{c.businessNumber}</Text>,
  },
  {
    id: 'operator',
    width: 140,
    sortBy: 'lastOperatorName',
    render: (c) => (
      <Text size="sm" truncate>
        {c.lastOperatorName ?? ''}
      </Text>
    ),
  },
  {
    id: 'participant',
    width: 190,
    sortBy: 'participantName',
    render: (c) => (
      <div style={{ minWidth: 0 }}>
        <Text size="sm" truncate fw={500}>
          {c.participantName || c.participantPhone}
        </Text>
        {c.participantName && (
          <Text size="xs" c="dimmed" truncate>
            {c.participantPhone}
          </Text>
        )}
      </div>
    ),
  },
  {
    id: 'messageStatus',
    width: 90,
    sortBy: 'lastMessageStatus',
    render: (c) => <MessageStatusIcon status={c.lastMessageStatus} error={c.lastMessageError} />,
  },
  {
    id: 'lastMessage',
    width: 320,
    render: (c, open) => (
      <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
        <Anchor
          size="sm"
          href={`/conversations/${encodeURIComponent(c.id)}`}
          onClick={(e) => {
            stop(e);
            open(c.id);
          }}
          truncate
          style={{ minWidth: 0, flex: 1 }}
          data-testid="last-message-link"
        >
          {c.lastMessagePreview}
        </Anchor>
        {c.unreadCount > 0 && (
          <Badge
            circle
            size="md"
            color="red"
            aria-label={`${c.unreadCount} unread`}
            data-testid="unread-badge"
          >
            {c.unreadCount}
          </Badge>
        )}
      </Group>
    ),
  },
  {
    id: 'lastMessageDate',
    width: 130,
    sortBy: 'lastMessageAt',
    render: (c, open) => {
      const d = formatTableDate(c.lastMessageAt);
      return (
        <Tooltip label={d.full} disabled={!d.full}>
          <Anchor
            size="sm"
            href={`/conversations/${encodeURIComponent(c.id)}`}
            onClick={(e) => {
              stop(e);
              open(c.id);
            }}
          >
            {d.short}
          </Anchor>
        </Tooltip>
      );
    },
  },
  {
    id: 'conversationStatus',
    width: 90,
    sortBy: 'awaitingReply',
    render: (c) =>
      c.awaitingReply ? (
        <Tooltip label={t.chats.awaitingReply}>
          <IconBuildingLighthouse
            size={18}
            color="var(--mantine-color-orange-7)"
            aria-label={t.chats.awaitingReply}
            data-testid="lighthouse"
          />
        </Tooltip>
      ) : null,
  },
  {
    id: 'direction',
    width: 110,
    sortBy: 'lastMessageDirection',
    render: (c) =>
      c.lastMessageDirection ? (
        <Group gap={4} wrap="nowrap">
          {c.lastMessageDirection === 'in' ? <IconArrowDownLeft size={14} /> : <IconArrowUpRight size={14} />}
          <Text size="sm">{t.chats.direction[c.lastMessageDirection]}</Text>
        </Group>
      ) : null,
  },
  {
    id: 'createdAt',
    width: 130,
    sortBy: 'createdAt',
    render: (c) => {
      const d = formatTableDate(c.createdAt);
      return (
        <Tooltip label={d.full}>
          <Text size="sm">{d.short}</Text>
        </Tooltip>
      );
    },
  },
];
