import { __iconNode as arrowDownLeft } from '@tabler/icons-react/icons/IconArrowDownLeft';
import { __iconNode as arrowUpRight } from '@tabler/icons-react/icons/IconArrowUpRight';
import { __iconNode as brandWhatsapp } from '@tabler/icons-react/icons/IconBrandWhatsapp';
import { __iconNode as lighthouse } from '@tabler/icons-react/icons/IconBuildingLighthouse';
import { participantLabel } from '../../schema/contact-label.ts';
import type { SearchableColumn, SortableColumn } from '../../schema/conversation-filter.ts';
import { statusShown } from '../../schema/conversation-lifecycle.ts';
import type { Conversation } from '../../schema/schema.ts';
import { iconElement } from '../app/dom-icon.ts';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import { commandStrings as cs } from '../i18n/command-strings.ts';
import type { FastScroll } from './fast-scroll.ts';
import '../commands/state-pill.css';
import './chats-table.css';
import { formatTableDate } from './format-date.ts';
import { appendHighlighted } from './highlight-text.ts';
import { messageStatusElement } from './message-status-look.ts';

export type ChatColumnId = keyof typeof s.columns;

/** What a cell needs besides its row: how to open, the search term per column, and the current time. */
export type CellContext = {
  open: (id: string) => void;
  /** A press on the row: the conversation may open next (a double click's first press). */
  pressed: (id: string) => void;
  /** The search term when this searchable column is searched, else ''. */
  term: (column: SearchableColumn) => string;
  now: number;
  /** Whether the table is flung faster than rows are read: new rows wait with their cells (fast-scroll.ts). */
  scroll: FastScroll;
};

/**
 * A column of the Chats table. Cells are plain DOM built by `fill`, not React: a screen of rows is hundreds
 * of cells, and every wheel step of a fast scroll brings a dozen new rows (chat-row.tsx). Hover texts are
 * `data-tip` attributes that the table's one tooltip shows (client/app/hover-tip.tsx); clicks on the links
 * are handled by the row.
 */
export type ChatColumn = {
  id: ChatColumnId;
  width: number;
  sortBy?: SortableColumn;
  /** Puts conversation `c`'s content into its (empty) cell. Customer text goes in as text nodes only. */
  fill: (cell: HTMLElement, c: Conversation, ctx: CellContext) => void;
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

function add<K extends keyof HTMLElementTagNameMap>(
  parent: Element,
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text) e.textContent = text;
  parent.appendChild(e);
  return e;
}

/** A labelled icon (its label also the hover text). */
function addIcon(parent: Element, label: string, icon: SVGSVGElement, testId?: string): void {
  const span = add(parent, 'span', 'chats-icon');
  span.setAttribute('role', 'img');
  span.setAttribute('aria-label', label);
  span.dataset.tip = label;
  if (testId) span.dataset.testid = testId;
  span.appendChild(icon);
}

/**
 * A link to the conversation: a real link (middle-click opens a new browser tab), while a plain click stays
 * in the app (the row handles it: chat-row.tsx). Not a tab stop: the row is.
 */
function addLink(parent: Element, c: Conversation, className: string, testId: string): HTMLAnchorElement {
  const a = add(parent, 'a', `chats-link ${className}`);
  a.href = conversationHref(c.id);
  a.dataset.testid = testId;
  a.tabIndex = -1;
  return a;
}

/**
 * One line of text with the search term marked: cut with an ellipsis (`chats-text`, a clip) when it can be
 * longer than its column, or `chats-short` for texts that fit (no clip: see chats-table.css).
 */
function addMarked(parent: Element, text: string, term: string, className = 'chats-text', tip?: string) {
  const p = add(parent, 'p', className);
  if (tip) p.dataset.tip = tip;
  appendHighlighted(p, text, term);
}

/** The 11 columns of the product description and the Assignee (issue 13.3), in their default order. */
export const CHAT_COLUMNS: Record<ChatColumnId, ChatColumn> = {
  number: {
    id: 'number',
    width: 100,
    sortBy: 'number',
    fill: (cell, c, ctx) => addMarked(cell, String(c.number), ctx.term('number'), 'chats-short'),
  },
  source: {
    id: 'source',
    width: 80,
    fill: (cell) => addIcon(cell, 'WhatsApp', iconElement('brand-whatsapp', brandWhatsapp, 18, '#1a9e4b')),
  },
  businessNumber: {
    id: 'businessNumber',
    width: 170,
    sortBy: 'businessNumber',
    fill: (cell, c, ctx) => addMarked(cell, c.businessNumber, ctx.term('businessNumber')),
  },
  operator: {
    id: 'operator',
    width: 150,
    sortBy: 'lastOperatorName',
    fill: (cell, c, ctx) => addMarked(cell, c.lastOperatorName ?? '', ctx.term('operator')),
  },
  assignee: {
    id: 'assignee',
    width: 150,
    sortBy: 'assigneeName',
    fill: (cell, c) => addMarked(cell, c.assigneeName ?? '', ''),
  },
  participant: {
    id: 'participant',
    width: 200,
    sortBy: 'participantName',
    fill: (cell, c, ctx) => {
      const box = add(cell, 'div', c.unreadCount > 0 ? 'chats-stack chats-unread' : 'chats-stack');
      addMarked(box, participantLabel(c), ctx.term('participant'));
      if (c.participantName) {
        addMarked(box, c.participantPhone, ctx.term('participant'), 'chats-small chats-muted');
      }
    },
  },
  messageStatus: {
    id: 'messageStatus',
    width: 140,
    sortBy: 'lastMessageStatus',
    fill: (cell, c) => {
      const icon = messageStatusElement(c.lastMessageStatus, c.lastMessageError);
      if (icon) cell.appendChild(icon);
    },
  },
  lastMessage: {
    id: 'lastMessage',
    width: 320,
    fill: (cell, c, ctx) => {
      const line = add(cell, 'span', 'chats-inline chats-full');
      const a = addLink(line, c, 'chats-text chats-grow', 'last-message-link');
      appendHighlighted(a, c.lastMessagePreview, ctx.term('lastMessage'));
      // A conversation whose last message has no text (an empty preview) still needs a link name.
      if (!c.lastMessagePreview) a.setAttribute('aria-label', s.openConversation(participantLabel(c)));
      if (c.unreadCount > 0) {
        const badge = add(line, 'span', 'chats-badge', String(c.unreadCount));
        badge.setAttribute('role', 'img');
        badge.setAttribute('aria-label', s.unreadCount(c.unreadCount));
        badge.dataset.testid = 'unread-badge';
      }
    },
  },
  lastMessageDate: {
    id: 'lastMessageDate',
    width: 170,
    sortBy: 'lastMessageAt',
    fill: (cell, c, ctx) => {
      const d = formatTableDate(c.lastMessageAt, ctx.now);
      const a = addLink(cell, c, 'chats-short', 'last-message-date-link');
      if (d.full) a.dataset.tip = d.full;
      a.textContent = d.short;
    },
  },
  conversationStatus: {
    id: 'conversationStatus',
    width: 170,
    sortBy: 'awaitingReply',
    fill: (cell, c, ctx) => {
      const shown = statusShown(c, ctx.now);
      const line = add(cell, 'span', 'chats-inline');
      const pill = add(line, 'span', 'state-pill', cs.state[shown]);
      pill.dataset.state = shown;
      pill.dataset.testid = 'conversation-state-cell';
      if (c.awaitingReply) {
        const icon = iconElement('building-lighthouse', lighthouse, 18, 'var(--mantine-color-orange-8)');
        addIcon(line, s.awaitingReply, icon, 'lighthouse');
      }
    },
  },
  direction: {
    id: 'direction',
    width: 160,
    sortBy: 'lastMessageDirection',
    fill: (cell, c) => {
      if (!c.lastMessageDirection) return;
      const line = add(cell, 'span', 'chats-inline chats-tight');
      const inbound = c.lastMessageDirection === 'in';
      line.appendChild(
        inbound
          ? iconElement('arrow-down-left', arrowDownLeft, 14, 'currentColor')
          : iconElement('arrow-up-right', arrowUpRight, 14, 'currentColor'),
      );
      add(line, 'span', 'chats-short', s.direction[c.lastMessageDirection]);
    },
  },
  createdAt: {
    id: 'createdAt',
    width: 150,
    sortBy: 'createdAt',
    fill: (cell, c, ctx) => {
      const d = formatTableDate(c.createdAt, ctx.now);
      addMarked(cell, d.short, '', 'chats-short', d.full);
    },
  },
};
