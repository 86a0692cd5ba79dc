import { rowAttributes } from '@rocicorp/zero-virtual/react';
import { type MouseEvent, memo, useLayoutEffect, useRef } from 'react';
import { participantLabel } from '../../schema/contact-label.ts';
import type { Conversation } from '../../schema/schema.ts';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import { commandStrings as cs } from '../i18n/command-strings.ts';
import type { CellContext, ChatColumn } from './chat-columns.ts';
import './chats-table.css';

export const rowDomId = (id: string) => `chat-row-${id}`;

/** The selection checkboxes' column (.chats-check in chats-table.css). */
export const CHECK_WIDTH = 40;

export type ChatRowProps = {
  index: number;
  rowKey: string | number;
  row: Conversation | undefined;
  columns: readonly ChatColumn[];
  ctx: CellContext;
  active: boolean;
  onSelect: (id: string) => void;
  /** Ticked for a bulk command. */
  checked: boolean;
  /** Ticks or unticks the row; with Shift, the range from the row ticked last. */
  onCheck: (id: string, index: number, range: boolean) => void;
};

/**
 * Whether two copies of a conversation row hold the same values. The table's pages are separate Zero
 * queries, and the same conversation comes back as a new object from each: when the operator scrolls and
 * the window moves to the next page, every row still on screen arrives as a copy. Comparing by value lets
 * those rows (and their cells) skip rendering; a changed conversation differs in some field.
 */
export function sameConversation(a: Conversation | undefined, b: Conversation | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  for (const key in a) {
    if (a[key as keyof Conversation] !== b[key as keyof Conversation]) return false;
  }
  for (const key in b) if (!(key in a)) return false;
  return true;
}

/** Props equal, the conversation compared by value (sameConversation), everything else by identity. */
function sameProps(prev: ChatRowProps, next: ChatRowProps): boolean {
  for (const key in prev) {
    const k = key as keyof ChatRowProps;
    if (k === 'row' ? !sameConversation(prev.row, next.row) : prev[k] !== next[k]) return false;
  }
  return true;
}

/** A click that a link would follow in this tab (no modifier, the main button). */
const plainClick = (e: MouseEvent) => !(e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) && e.button === 0;

/** Per columns layout: an empty cell for each column, cloned for every row (one native call per cell). */
const cellTemplates = new WeakMap<readonly ChatColumn[], HTMLElement[]>();

function templatesFor(columns: readonly ChatColumn[]): HTMLElement[] {
  let made = cellTemplates.get(columns);
  if (!made) {
    made = columns.map((col, i) => {
      const cell = document.createElement('div');
      cell.setAttribute('role', 'gridcell');
      cell.setAttribute('aria-colindex', String(i + 2));
      cell.dataset.column = col.id;
      cell.className = 'chats-cell';
      cell.style.width = `${col.width}px`;
      return cell;
    });
    cellTemplates.set(columns, made);
  }
  return made;
}

/** The row's checkbox cell (column 1), before the columns. */
function checkCell(): { cell: HTMLElement; box: HTMLInputElement } {
  const cell = document.createElement('div');
  cell.setAttribute('role', 'gridcell');
  cell.setAttribute('aria-colindex', '1');
  cell.className = 'chats-cell chats-check';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.dataset.testid = 'row-checkbox';
  cell.appendChild(box);
  return { cell, box };
}

/** The row's cells: its checkbox, then each column's (filled by the column). Returns the checkbox. */
function drawCells(
  el: HTMLElement,
  row: Conversation,
  columns: readonly ChatColumn[],
  ctx: CellContext,
): HTMLInputElement {
  const check = checkCell();
  const cells: HTMLElement[] = [check.cell];
  const templates = templatesFor(columns);
  columns.forEach((col, i) => {
    const cell = (templates[i] as HTMLElement).cloneNode(false) as HTMLElement;
    col.fill(cell, row, ctx);
    cells.push(cell);
  });
  el.replaceChildren(...cells);
  return check.box;
}

/** While flung past: only the participant's name, where its column is (or first, when it is hidden). */
function drawName(el: HTMLElement, row: Conversation, columns: readonly ChatColumn[]): void {
  const at = Math.max(
    columns.findIndex((c) => c.id === 'participant'),
    0,
  );
  const cell = document.createElement('div');
  cell.setAttribute('role', 'gridcell');
  cell.className = 'chats-cell';
  cell.style.marginLeft = `${CHECK_WIDTH + columns.slice(0, at).reduce((w, c) => w + c.width, 0)}px`;
  cell.style.width = `${columns[at]?.width ?? 200}px`;
  const name = document.createElement('p');
  name.className = 'chats-text chats-muted';
  name.textContent = participantLabel(row);
  cell.appendChild(name);
  el.replaceChildren(cell);
}

/**
 * One row. React owns the row element (its position, which shifts for every row below when a conversation
 * moves to the top, and its events); its cells are plain DOM that `fill` builds (chat-columns.ts), again
 * only when the conversation's values (see sameConversation), the columns or the cell context change. A
 * component tree per cell cost the fast scroll of a 4× slowed CPU most of its frames.
 */
export const ChatRow = memo(function ChatRow(props: ChatRowProps) {
  const { index, rowKey, row, columns, ctx, active, onSelect, checked, onCheck } = props;
  const ref = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLInputElement | null>(null);
  // What the cells show now, to build them again only when that changes (this renders for `active` too).
  const drawn = useRef<{
    el: HTMLElement;
    row: Conversation;
    columns: readonly ChatColumn[];
    ctx: CellContext;
    /** Only the name is drawn; the cells wait for the scroll to slow down. */
    waiting: boolean;
  } | null>(null);
  const checkedNow = useRef(checked);
  checkedNow.current = checked;
  // The checkbox shows the selection and names the participant, after every render and every drawing.
  const syncBox = () => {
    const b = box.current;
    if (!b || !row) return;
    b.checked = checkedNow.current;
    b.setAttribute('aria-label', cs.bulk.selectRow(participantLabel(row)));
  };

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !row) return;
    const last = drawn.current;
    const same =
      last?.el === el && last.columns === columns && last.ctx === ctx && sameConversation(last.row, row);
    if (same && !last.waiting) return;
    const draw = () => {
      drawn.current = { el, row, columns, ctx, waiting: false };
      box.current = drawCells(el, row, columns, ctx);
      syncBox();
    };
    if (!ctx.scroll.fast) return draw();
    // Flung past faster than it can be read: the name now, the cells once the scroll slows down.
    if (!same) {
      drawn.current = { el, row, columns, ctx, waiting: true };
      box.current = null;
      drawName(el, row, columns);
    }
    return ctx.scroll.whenSettled(draw);
  });

  useLayoutEffect(syncBox);

  const base = {
    ...rowAttributes(index, rowKey),
    'aria-rowindex': index + 2,
    className: 'chats-row',
  } as const;
  if (!row) {
    return (
      // Its own key: React manages this row's children, and the loaded row's cells are plain DOM.
      <div key="loading" role="row" {...base} aria-busy>
        <div role="gridcell" className="chats-cell">
          <p className="chats-text chats-muted">{s.loadingRow}</p>
        </div>
      </div>
    );
  }
  const id = row.id;
  return (
    <div
      key="row"
      ref={ref}
      role="row"
      {...base}
      id={rowDomId(id)}
      aria-selected={active}
      data-testid="chat-row"
      data-conversation-id={id}
      data-active={active || undefined}
      data-checked={checked || undefined}
      onPointerDown={(e) => {
        if (e.button === 0) ctx.pressed(id);
      }}
      onClick={(e) => {
        const target = e.target as Element;
        if (target === box.current) {
          // Shift is read on click (change events do not carry it). The box shows the selection the table
          // keeps (the layout effect above), not its own toggle, when the table refuses (MAX_BULK).
          onCheck(id, index, e.shiftKey);
          requestAnimationFrame(syncBox);
          return;
        }
        if (target.closest('a.chats-link') && plainClick(e)) {
          e.preventDefault();
          ctx.open(id);
        }
        onSelect(id);
      }}
      onDoubleClick={(e) => {
        if (e.target !== box.current) ctx.open(id);
      }}
    />
  );
}, sameProps);
