import {
  IconArrowDownLeft,
  IconArrowUpRight,
  IconBrandWhatsapp,
  IconBuildingLighthouse,
} from '@tabler/icons-react';
import type { MouseEvent, ReactNode } from 'react';
import { participantLabel } from '../../schema/contact-label.ts';
import type { SearchableColumn, SortableColumn } from '../../schema/conversation-filter.ts';
import { statusShown } from '../../schema/conversation-lifecycle.ts';
import type { Conversation } from '../../schema/schema.ts';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import { commandStrings as cs } from '../i18n/command-strings.ts';
import '../commands/state-pill.css';
import './chats-table.css';
import { formatTableDate } from './format-date.ts';
import { HighlightText } from './highlight-text.tsx';
import { MessageStatusIcon } from './message-status-icon.tsx';

export type ChatColumnId = keyof typeof s.columns;

/** What a cell needs besides its row: how to open, the search term per column, and the current time. */
export type CellContext = {
  open: (id: string) => void;
  /** A press on the row: the conversation may open next (a double click's first press). */
  pressed: (id: string) => void;
  /** The search term when this searchable column is searched, else ''. */
  term: (column: SearchableColumn) => string;
  now: number;
};

/**
 * A column of the Chats table. Cells are plain elements with CSS classes (no component tree per cell: a
 * screen of rows is hundreds of cells); hover texts are `data-tip` attributes that the table's one
 * tooltip shows (client/app/hover-tip.tsx).
 */
export type ChatColumn = {
  id: ChatColumnId;
  width: number;
  sortBy?: SortableColumn;
  render: (c: Conversation, ctx: CellContext) => ReactNode;
};

export const CHAT_COLUMN_IDS = Object.keys(s.columns) as ChatColumnId[];

/** Below this width (a tablet in landscape, a small laptop) the table starts with fewer columns. */
export const COMPACT_TABLE_QUERY = '(max-width: 1279px)';
/**
 * Hidden by default on a compact screen, until the operator chooses columns: what is left (participant,
 * last message with its unread badge, its date, the status with the lighthouse) fits 1024 px without
 * scrolling sideways.
 */
export const COMPACT_HIDDEN_COLUMNS: readonly ChatColumnId[] = [
  'number',
  'source',
  'businessNumber',
  'operator',
  'assignee',
  'messageStatus',
  'direction',
  'createdAt',
];
/** A tablet in portrait: the date goes too (the last message's own time shows in the thread). */
export const NARROW_TABLE_QUERY = '(max-width: 899px)';
export const NARROW_HIDDEN_COLUMNS: readonly ChatColumnId[] = [...COMPACT_HIDDEN_COLUMNS, 'lastMessageDate'];

const conversationHref = (id: string) => `/conversations/${encodeURIComponent(id)}`;

/** A real link (middle-click opens a new browser tab), but a plain click stays in the app. */
function linkClick(open: (id: string) => void, id: string) {
  return (e: MouseEvent) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    open(id);
  };
}

/**
 * One line of text with the search term marked: cut with an ellipsis (`chats-text`, a clip) when it can be
 * longer than its column, or `chats-short` for texts that fit (no clip: see chats-table.css).
 */
function marked(text: string, term: string, className = 'chats-text', tip?: string) {
  return (
    <p className={className} data-tip={tip}>
      <HighlightText text={text} term={term} />
    </p>
  );
}

/** The 11 columns of the product description and the Assignee (issue 13.3), in their default order. */
export const CHAT_COLUMNS: Record<ChatColumnId, ChatColumn> = {
  number: {
    id: 'number',
    width: 100,
    sortBy: 'number',
    render: (c, ctx) => marked(String(c.number), ctx.term('number'), 'chats-short'),
  },
  source: {
    id: 'source',
    width: 80,
    render: () => (
      <span role="img" aria-label="WhatsApp" data-tip="WhatsApp" className="chats-icon">
        <IconBrandWhatsapp size={18} color="#1a9e4b" aria-hidden />
      </span>
    ),
  },
  businessNumber: {
    id: 'businessNumber',
    width: 170,
    sortBy: 'businessNumber',
    render: (c, ctx) => marked(c.businessNumber, ctx.term('businessNumber')),
  },
  operator: {
    id: 'operator',
    width: 150,
    sortBy: 'lastOperatorName',
    render: (c, ctx) => marked(c.lastOperatorName ?? '', ctx.term('operator')),
  },
  assignee: {
    id: 'assignee',
    width: 150,
    sortBy: 'assigneeName',
    render: (c) => marked(c.assigneeName ?? '', ''),
  },
  participant: {
    id: 'participant',
    width: 200,
    sortBy: 'participantName',
    render: (c, ctx) => (
      <div style={{ minWidth: 0, fontWeight: c.unreadCount > 0 ? 700 : 500 }}>
        {marked(participantLabel(c), ctx.term('participant'))}
        {c.participantName && marked(c.participantPhone, ctx.term('participant'), 'chats-small chats-muted')}
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
      <span className="chats-inline" style={{ width: '100%' }}>
        <a
          className="chats-link chats-text chats-grow"
          href={conversationHref(c.id)}
          onClick={linkClick(ctx.open, c.id)}
          data-testid="last-message-link"
          tabIndex={-1}
          // A conversation whose last message has no text (an empty preview) still needs a link name.
          aria-label={c.lastMessagePreview ? undefined : s.openConversation(participantLabel(c))}
        >
          <HighlightText text={c.lastMessagePreview} term={ctx.term('lastMessage')} />
        </a>
        {c.unreadCount > 0 && (
          <span
            className="chats-badge"
            role="img"
            aria-label={s.unreadCount(c.unreadCount)}
            data-testid="unread-badge"
          >
            {c.unreadCount}
          </span>
        )}
      </span>
    ),
  },
  lastMessageDate: {
    id: 'lastMessageDate',
    width: 170,
    sortBy: 'lastMessageAt',
    render: (c, ctx) => {
      const d = formatTableDate(c.lastMessageAt, ctx.now);
      return (
        <a
          className="chats-link chats-short"
          href={conversationHref(c.id)}
          onClick={linkClick(ctx.open, c.id)}
          data-testid="last-message-date-link"
          data-tip={d.full || undefined}
          tabIndex={-1}
        >
          {d.short}
        </a>
      );
    },
  },
  conversationStatus: {
    id: 'conversationStatus',
    width: 170,
    sortBy: 'awaitingReply',
    render: (c, ctx) => {
      const shown = statusShown(c, ctx.now);
      return (
        <span className="chats-inline">
          <span className="state-pill" data-state={shown} data-testid="conversation-state-cell">
            {cs.state[shown]}
          </span>
          {c.awaitingReply && (
            <span
              role="img"
              aria-label={s.awaitingReply}
              data-tip={s.awaitingReply}
              data-testid="lighthouse"
              className="chats-icon"
            >
              <IconBuildingLighthouse size={18} color="var(--mantine-color-orange-8)" aria-hidden />
            </span>
          )}
        </span>
      );
    },
  },
  direction: {
    id: 'direction',
    width: 160,
    sortBy: 'lastMessageDirection',
    render: (c) =>
      c.lastMessageDirection ? (
        <span className="chats-inline" style={{ gap: 4 }}>
          {c.lastMessageDirection === 'in' ? (
            <IconArrowDownLeft size={14} aria-hidden />
          ) : (
            <IconArrowUpRight size={14} aria-hidden />
          )}
          <span className="chats-short">{s.direction[c.lastMessageDirection]}</span>
        </span>
      ) : null,
  },
  createdAt: {
    id: 'createdAt',
    width: 150,
    sortBy: 'createdAt',
    render: (c, ctx) => {
      const d = formatTableDate(c.createdAt, ctx.now);
      return marked(d.short, '', 'chats-short', d.full);
    },
  },
};
