import { rowAttributes } from '@rocicorp/zero-virtual/react';
import { memo } from 'react';
import { participantLabel } from '../../schema/contact-label.ts';
import type { Conversation } from '../../schema/schema.ts';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import { commandStrings as cs } from '../i18n/command-strings.ts';
import type { CellContext, ChatColumn } from './chat-columns.tsx';
import './chats-table.css';

export const rowDomId = (id: string) => `chat-row-${id}`;

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
function sameProps<P extends { row?: Conversation | undefined }>(prev: P, next: P): boolean {
  for (const key in prev) {
    if (key === 'row' ? !sameConversation(prev.row, next.row) : prev[key] !== next[key]) return false;
  }
  return true;
}

/**
 * One row. The row element carries its position (which shifts for every row below when a conversation
 * moves to the top); its cells are a separate memoised part that renders again only when its
 * conversation's values (see sameConversation), the columns or the cell context change.
 */
export const ChatRow = memo(function ChatRow({
  index,
  rowKey,
  row,
  columns,
  ctx,
  active,
  onSelect,
  checked,
  onCheck,
}: ChatRowProps) {
  const base = {
    ...rowAttributes(index, rowKey),
    'aria-rowindex': index + 2,
    className: 'chats-row',
  } as const;
  if (!row) {
    return (
      <div role="row" {...base} aria-busy>
        <div role="gridcell" className="chats-cell">
          <p className="chats-text chats-muted">{s.loadingRow}</p>
        </div>
      </div>
    );
  }
  return (
    <div
      role="row"
      {...base}
      id={rowDomId(row.id)}
      aria-selected={active}
      data-testid="chat-row"
      data-conversation-id={row.id}
      data-active={active || undefined}
      data-checked={checked || undefined}
      onPointerDown={(e) => {
        if (e.button === 0) ctx.pressed(row.id);
      }}
      onClick={() => onSelect(row.id)}
      onDoubleClick={() => ctx.open(row.id)}
    >
      <div role="gridcell" aria-colindex={1} className="chats-cell chats-check">
        <input
          type="checkbox"
          checked={checked}
          aria-label={cs.bulk.selectRow(participantLabel(row))}
          data-testid="row-checkbox"
          // Shift is read on click (change events do not carry it); the row's own click stays out.
          onClick={(e) => {
            e.stopPropagation();
            onCheck(row.id, index, e.shiftKey);
          }}
          onChange={() => {}}
          onDoubleClick={(e) => e.stopPropagation()}
        />
      </div>
      <ChatCells row={row} columns={columns} ctx={ctx} />
    </div>
  );
}, sameProps);

type ChatCellsProps = { row: Conversation; columns: readonly ChatColumn[]; ctx: CellContext };

const ChatCells = memo(function ChatCells({ row, columns, ctx }: ChatCellsProps) {
  return columns.map((col, i) => (
    <div
      key={col.id}
      role="gridcell"
      aria-colindex={i + 2}
      data-column={col.id}
      className="chats-cell"
      style={{ width: col.width }}
    >
      {col.render(row, ctx)}
    </div>
  ));
}, sameProps);
