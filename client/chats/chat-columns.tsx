import { Anchor, Badge, Group, Highlight, Text, Tooltip } from '@mantine/core';
import {
  IconArrowDownLeft,
  IconArrowUpRight,
  IconBrandWhatsapp,
  IconBuildingLighthouse,
} from '@tabler/icons-react';
import type { MouseEvent, ReactNode } from 'react';
import type { SearchableColumn, SortableColumn } from '../../schema/conversation-filter.ts';
import type { Conversation } from '../../schema/schema.ts';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import { LINK, MUTED } from './colors.ts';
import { formatTableDate } from './format-date.ts';
import { MessageStatusIcon } from './message-status-icon.tsx';

export type ChatColumnId = keyof typeof s.columns;

/** What a cell needs besides its row: how to open, the search term per column, and the current time. */
export type CellContext = {
  open: (id: string) => void;
  /** The search term when this searchable column is searched, else ''. */
  term: (column: SearchableColumn) => string;
  now: number;
};

export type ChatColumn = {
  id: ChatColumnId;
  width: number;
  sortBy?: SortableColumn;
  render: (c: Conversation, ctx: CellContext) => ReactNode;
};

export const CHAT_COLUMN_IDS = Object.keys(s.columns) as ChatColumnId[];

const conversationHref = (id: string) => `/conversations/${encodeURIComponent(id)}`;

/** A real link (middle-click opens a new browser tab), but a plain click stays in the app. */
function linkClick(open: (id: string) => void, id: string) {
  return (e: MouseEvent) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    open(id);
  };
}

type MarkedProps = { text: string; term: string; size?: 'xs' | 'sm'; c?: string; fw?: number };

/** Text with the search term highlighted (Mantine's Highlight escapes: customer text stays text). */
function Marked({ text, term, size = 'sm', ...rest }: MarkedProps) {
  return term ? (
    <Highlight highlight={term} size={size} truncate {...rest}>
      {text}
    </Highlight>
  ) : (
    <Text size={size} truncate {...rest}>
      {text}
    </Text>
  );
}

const participantLabel = (c: Conversation) => c.participantName || c.participantPhone;

/** The 11 columns of the product description, in their default order. */
export const CHAT_COLUMNS: Record<ChatColumnId, ChatColumn> = {
  number: {
    id: 'number',
    width: 100,
    sortBy: 'number',
    render: (c, ctx) => <Marked text={String(c.number)} term={ctx.term('number')} />,
  },
  source: {
    id: 'source',
    width: 80,
    render: () => (
      <Tooltip label="WhatsApp">
        <span role="img" aria-label="WhatsApp" style={{ display: 'inline-flex' }}>
          <IconBrandWhatsapp size={18} color="#1a9e4b" aria-hidden />
        </span>
      </Tooltip>
    ),
  },
  businessNumber: {
    id: 'businessNumber',
    width: 170,
    sortBy: 'businessNumber',
    render: (c, ctx) => <Marked text={c.businessNumber} term={ctx.term('businessNumber')} />,
  },
  operator: {
    id: 'operator',
    width: 150,
    sortBy: 'lastOperatorName',
    render: (c, ctx) => <Marked text={c.lastOperatorName ?? ''} term={ctx.term('operator')} />,
  },
  participant: {
    id: 'participant',
    width: 200,
    sortBy: 'participantName',
    render: (c, ctx) => (
      <div style={{ minWidth: 0 }}>
        <Marked
          text={participantLabel(c)}
          term={ctx.term('participant')}
          fw={c.unreadCount > 0 ? 700 : 500}
        />
        {c.participantName && (
          <Marked text={c.participantPhone} term={ctx.term('participant')} size="xs" c={MUTED} />
        )}
      </div>
    ),
  },
  messageStatus: {
    id: 'messageStatus',
    width: 140,
    sortBy: 'lastMessageStatus',
    render: (c) => <MessageStatusIcon status={c.lastMessageStatus} error={c.lastMessageError} />,
  },
  lastMessage: {
    id: 'lastMessage',
    width: 320,
    render: (c, ctx) => (
      <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
        <Anchor
          c={LINK}
          href={conversationHref(c.id)}
          onClick={linkClick(ctx.open, c.id)}
          size="sm"
          style={{ minWidth: 0, flex: 1, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}
          data-testid="last-message-link"
          tabIndex={-1}
        >
          {ctx.term('lastMessage') ? (
            <Highlight component="span" highlight={ctx.term('lastMessage')} size="sm" inherit>
              {c.lastMessagePreview}
            </Highlight>
          ) : (
            c.lastMessagePreview
          )}
        </Anchor>
        {c.unreadCount > 0 && (
          <Badge
            circle
            size="md"
            color="red.8"
            aria-label={s.unreadCount(c.unreadCount)}
            data-testid="unread-badge"
            style={{ flexShrink: 0 }}
          >
            {c.unreadCount}
          </Badge>
        )}
      </Group>
    ),
  },
  lastMessageDate: {
    id: 'lastMessageDate',
    width: 170,
    sortBy: 'lastMessageAt',
    render: (c, ctx) => {
      const d = formatTableDate(c.lastMessageAt, ctx.now);
      return (
        <Tooltip label={d.full} disabled={!d.full}>
          <Anchor
            c={LINK}
            href={conversationHref(c.id)}
            onClick={linkClick(ctx.open, c.id)}
            size="sm"
            data-testid="last-message-date-link"
            tabIndex={-1}
          >
            {d.short}
          </Anchor>
        </Tooltip>
      );
    },
  },
  conversationStatus: {
    id: 'conversationStatus',
    width: 170,
    sortBy: 'awaitingReply',
    render: (c) =>
      c.awaitingReply ? (
        <Tooltip label={s.awaitingReply}>
          <span
            role="img"
            aria-label={s.awaitingReply}
            data-testid="lighthouse"
            style={{ display: 'inline-flex' }}
          >
            <IconBuildingLighthouse size={18} color="var(--mantine-color-orange-8)" aria-hidden />
          </span>
        </Tooltip>
      ) : null,
  },
  direction: {
    id: 'direction',
    width: 160,
    sortBy: 'lastMessageDirection',
    render: (c) =>
      c.lastMessageDirection ? (
        <Group gap={4} wrap="nowrap">
          {c.lastMessageDirection === 'in' ? (
            <IconArrowDownLeft size={14} aria-hidden />
          ) : (
            <IconArrowUpRight size={14} aria-hidden />
          )}
          <Text size="sm">{s.direction[c.lastMessageDirection]}</Text>
        </Group>
      ) : null,
  },
  createdAt: {
    id: 'createdAt',
    width: 150,
    sortBy: 'createdAt',
    render: (c, ctx) => {
      const d = formatTableDate(c.createdAt, ctx.now);
      return (
        <Tooltip label={d.full}>
          <Text size="sm" truncate>
            {d.short}
          </Text>
        </Tooltip>
      );
    },
  },
};
