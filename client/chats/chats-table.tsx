import { Box, Button, Center, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { type GetPageQueryOptions, useZeroVirtualizer } from '@rocicorp/zero-virtual/react';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import { type KeyboardEvent, memo, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  type ConversationFilter,
  conversationCursor,
  type SearchableColumn,
  type SortableColumn,
} from '../../schema/conversation-filter.ts';
import { MAX_BULK } from '../../schema/mutators/conversations.ts';
import { queries } from '../../schema/queries.ts';
import type { Conversation } from '../../schema/schema.ts';
import { lazyComponent } from '../app/lazy-component.tsx';
import { useAfterFirstPaint } from '../app/use-after-first-paint.ts';
import { usePreloadWhenIdle } from '../app/use-preload-when-idle.ts';
import { useCommandTargets } from '../commands/command-provider.tsx';
import { usePreloadThread } from '../conversation/use-preload-thread.ts';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import { commandStrings as cs } from '../i18n/command-strings.ts';
import { type CellContext, CHAT_COLUMNS, type ChatColumn, type ChatColumnId } from './chat-columns.ts';
import { CHECK_WIDTH, ChatRow, rowDomId } from './chat-row.tsx';
import './chats-table.css';
import { MUTED } from '../app/text-colors.ts';
import { FastScroll } from './fast-scroll.ts';
import { type ChatsView, queryFilter } from './filter-model.ts';
import { noteListAnswered, recallFirstRows, rememberFirstRows } from './remembered-first-rows.ts';
import { useNow } from './use-now.ts';

// Shown only once rows are ticked, so its commands (and their menus) are not in the first paint's code.
const BulkBar = lazyComponent(() => import('./bulk-bar.tsx').then((m) => m.BulkBar));
// The cells' one tooltip (their `data-tip` hover texts): nothing to show before the rows are, so its code
// loads once they are.
const HoverTip = lazyComponent(() => import('../app/hover-tip.tsx').then((m) => m.HoverTip));

export const ROW_HEIGHT = 44;
/** How long the keyboard rests on a row before its thread starts syncing (holding an arrow key asks nothing). */
const ACTIVE_ROW_REST_MS = 150;
const HEADER_HEIGHT = 38;

export type ChatsSort = { by: SortableColumn; dir: 'asc' | 'desc' };

type ListContext = {
  search?: string;
  searchColumns: SearchableColumn[];
  filter: ConversationFilter;
  sort: SortableColumn;
  dir: 'asc' | 'desc';
};

const getRowKey = (c: Conversation) => c.id;
/** The rows of one screen (and a little): what the first frame draws, and what a reload paints first. */
const screenfulOfRows = () => Math.ceil(window.innerHeight / ROW_HEIGHT) + 2;
const NO_ROWS: readonly Conversation[] = [];

/** The list's first rows in order from its top, if its top is loaded: what a reload can paint first. */
function firstScreenful(
  items: readonly { index: number; row?: Conversation | undefined }[],
): readonly Conversation[] {
  const rows: Conversation[] = [];
  const screenful = screenfulOfRows();
  for (const it of items) {
    if (it.index !== rows.length || !it.row) break;
    rows.push(it.row);
    if (rows.length === screenful) break;
  }
  return rows.length ? rows : NO_ROWS;
}
const identity = (c: Conversation) => c;
const estimateSize = () => ROW_HEIGHT;

/**
 * The live conversation table. Rows come in pages through cursor queries (`start` + `limit`), so the first
 * screen shows as soon as its page syncs and 100,000 conversations never load at once; Zero keeps each
 * loaded row current, and the virtualiser anchors the viewport so updates do not make it jump.
 */
export function ChatsTable({
  view,
  sort,
  columns,
  onSort,
  onOpen,
  onClearView,
  viewActive,
  meId,
  onFirstRows,
}: {
  meId: string;
  /** Called once the table shows its first rows or that there are none (what may wait until then). */
  onFirstRows?: () => void;
  view: ChatsView;
  sort: ChatsSort;
  columns: readonly ChatColumn[];
  onSort: (sort: ChatsSort) => void;
  onOpen: (id: string) => void;
  onClearView: () => void;
  viewActive: boolean;
}) {
  usePreloadWhenIdle(BulkBar.preload);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const now = useNow(30_000);

  // A new reference resets paging and scroll position: only when what the list shows changes.
  const contextKey = JSON.stringify({
    search: view.search.trim() || undefined,
    searchColumns: view.searchColumns,
    filter: queryFilter(view, meId),
    sort: sort.by,
    dir: sort.dir,
  });
  const listContextParams = useMemo(() => JSON.parse(contextKey) as ListContext, [contextKey]);
  const getPageQuery = useCallback(
    ({ limit, start, dir }: GetPageQueryOptions<Conversation>) => ({
      query: queries.conversations.list({
        ...listContextParams,
        page: dir,
        start: start ? conversationCursor(start, listContextParams.sort) : null,
        limit,
      }),
      options: { ttl: '1m' as const },
    }),
    [listContextParams],
  );
  const getSingleQuery = useCallback(
    ({ id }: { id: string }) => ({ query: queries.conversations.row({ id }) }),
    [],
  );
  const getScrollElement = useCallback(() => scrollRef.current, []);

  const { items, spaceBefore, spaceAfter, complete, rowsEmpty, total } = useZeroVirtualizer({
    listContextParams,
    getScrollElement,
    estimateSize,
    getRowKey,
    toStartRow: identity,
    getPageQuery,
    getSingleQuery,
    overscan: 10,
  });

  const searchTerm = listContextParams.search ?? '';
  const preloadThread = usePreloadThread();
  const [scroll] = useState(() => new FastScroll());
  useEffect(() => (scrollRef.current ? scroll.attach(scrollRef.current) : undefined), [scroll]);
  const ctx: CellContext = useMemo(
    () => ({
      open: onOpen,
      pressed: preloadThread,
      now,
      term: (col: SearchableColumn) => (searchTerm && view.searchColumns.includes(col) ? searchTerm : ''),
      scroll,
    }),
    [onOpen, preloadThread, now, searchTerm, view.searchColumns, scroll],
  );

  const activeItem = items.find((it) => it.row?.id === activeId);
  // The row an operator rests on with the keyboard (Enter opens it) starts syncing its thread once they stop
  // moving through the rows, as a press on a row does at once.
  useEffect(() => {
    if (!activeId) return;
    const timer = setTimeout(() => preloadThread(activeId), ACTIVE_ROW_REST_MS);
    return () => clearTimeout(timer);
  }, [activeId, preloadThread]);

  // The selection for bulk commands: the ticked rows among those loaded (a ticked row that leaves the list,
  // e.g. resolved out of the inbox, leaves the selection), at most MAX_BULK.
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set());
  const lastChecked = useRef<number | null>(null);
  // A new list (search, filter, sort) starts with nothing ticked.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when what the list shows changes
  useEffect(() => {
    setChecked(new Set());
    lastChecked.current = null;
  }, [contextKey]);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const onCheck = useCallback((id: string, index: number, range: boolean) => {
    setChecked((prev) => {
      const next = new Set(prev);
      const on = !prev.has(id);
      const from = range && lastChecked.current !== null ? Math.min(lastChecked.current, index) : index;
      const to = range && lastChecked.current !== null ? Math.max(lastChecked.current, index) : index;
      for (const it of itemsRef.current) {
        if (!it.row || it.index < from || it.index > to) continue;
        if (on && next.size < MAX_BULK) next.add(it.row.id);
        else if (!on) next.delete(it.row.id);
      }
      return next;
    });
    lastChecked.current = index;
  }, []);
  const loadedRows = items.flatMap((it) => (it.row ? [it.row] : []));
  const allChecked = loadedRows.length > 0 && loadedRows.slice(0, MAX_BULK).every((r) => checked.has(r.id));
  const toggleAll = () =>
    setChecked(allChecked ? new Set() : new Set(loadedRows.slice(0, MAX_BULK).map((r) => r.id)));
  const selectedRows = useMemo(
    () => (checked.size ? items.flatMap((it) => (it.row && checked.has(it.row.id) ? [it.row] : [])) : []),
    [checked, items],
  );
  // Drop ticks of rows that left the list, so they do not come back ticked.
  useEffect(() => {
    if (complete && selectedRows.length < checked.size) setChecked(new Set(selectedRows.map((r) => r.id)));
  }, [complete, selectedRows, checked]);
  // Commands (buttons, keys) act on the ticked rows, or else on the row the keyboard is on.
  const activeRow = activeItem?.row;
  const targets = useMemo(
    () => (selectedRows.length ? selectedRows : activeRow ? [activeRow] : []),
    [selectedRows, activeRow],
  );
  useCommandTargets(targets);

  const moveTo = (index: number) => {
    const el = scrollRef.current;
    if (!el) return;
    const target = items.find((it) => it.index === index);
    if (target?.row) {
      setActiveId(target.row.id);
      el.querySelector<HTMLElement>(`[data-vrow-index="${index}"]`)?.scrollIntoView({ block: 'nearest' });
    } else {
      // Not loaded yet: scroll towards it; the virtualiser pages it in and the next key press lands on it.
      el.scrollTop += (index > (activeItem?.index ?? 0) ? 1 : -1) * ROW_HEIGHT;
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return; // keys inside links/buttons keep their own meaning
    const firstLoaded = items.find((it) => it.row);
    const current = activeItem?.index ?? (firstLoaded ? firstLoaded.index - 1 : -1);
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key];
    if (step !== undefined) {
      e.preventDefault();
      const lastIndex = total !== undefined ? total - 1 : (items[items.length - 1]?.index ?? 0);
      moveTo(Math.max(0, Math.min(lastIndex, current + step)));
    } else if (e.key === 'Home') {
      e.preventDefault();
      scrollRef.current?.scrollTo({ top: 0 });
      if (items[0]?.row && items[0].index === 0) setActiveId(items[0].row.id);
    } else if (e.key === 'Enter' && activeItem?.row) {
      e.preventDefault();
      onOpen(activeItem.row.id);
    }
  };

  // The first frame with rows shows the screenful the operator sees; the rest of the page (zero-virtual
  // renders all of its page, three screens) follows in the next frame, however long the rows take.
  const allRows = useAfterFirstPaint(loadedRows.length > 0, null);
  const shownItems = allRows ? items : items.slice(0, screenfulOfRows());
  const heldBack = items.length - shownItems.length;

  const loading = !complete && rowsEmpty;
  const shown = loadedRows.length > 0 || (complete && rowsEmpty);

  // Until the list's own query answers, the rows this tab remembered of the same list stand in for it
  // (remembered-first-rows.ts): Zero's start reads its whole store first. Remembered whenever the page is
  // hidden or left, once the list has answered (before that, what is remembered is still the best there is).
  // Once a list has answered, later lists wait for their own answers (the memory is of the first one only).
  // They are drawn in the columns they were shown in: the operator's layout is read from Zero's store too.
  const [remembered] = useState(() => {
    const recalled = recallFirstRows(meId, contextKey);
    const columns = (recalled?.columns ?? []).flatMap((id) =>
      Object.hasOwn(CHAT_COLUMNS, id) ? [CHAT_COLUMNS[id as ChatColumnId]] : [],
    );
    return { list: contextKey, rows: recalled?.rows, columns };
  });
  const answered = useRef(false);
  if (shown) answered.current = true; // monotonic: safe to note during render
  const standIn = !answered.current && remembered.list === contextKey ? remembered.rows : undefined;
  const drawnItems = standIn ? standIn.map((row, index) => ({ index, key: row.id, row })) : shownItems;
  const shownColumns = standIn && remembered.columns.length ? remembered.columns : columns;
  const totalWidth = CHECK_WIDTH + shownColumns.reduce((w, c) => w + c.width, 0);
  const latest = useRef({ shown, contextKey, items, columns });
  latest.current = { shown, contextKey, items, columns };
  useEffect(() => {
    const remember = () => {
      const { shown, contextKey, items, columns } = latest.current;
      if (shown)
        rememberFirstRows(
          meId,
          contextKey,
          firstScreenful(items),
          columns.map((c) => c.id),
        );
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') remember();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', remember);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', remember);
    };
  }, [meId]);
  useEffect(() => {
    if (!shown) return;
    noteListAnswered();
    onFirstRows?.();
  }, [shown, onFirstRows]);

  return (
    <Box style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
      {selectedRows.length > 0 && (
        <Suspense fallback={null}>
          <BulkBar count={selectedRows.length} onClear={() => setChecked(new Set())} />
        </Suspense>
      )}
      <Box
        ref={scrollRef}
        className="chats-scroller"
        style={{
          flex: 1,
          minHeight: 0,
          minWidth: 0,
          overflow: 'auto',
          position: 'relative',
          outlineOffset: -2,
        }}
        role="grid"
        aria-label={s.tableLabel}
        aria-rowcount={total !== undefined ? total + 1 : -1}
        aria-colcount={shownColumns.length + 1}
        aria-activedescendant={activeItem?.row ? rowDomId(activeItem.row.id) : undefined}
        aria-busy={loading}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="chats-table"
        data-rows={standIn ? 'remembered' : 'live'}
      >
        <div style={{ width: totalWidth, minWidth: '100%' }}>
          <div
            role="row"
            aria-rowindex={1}
            style={{
              display: 'flex',
              position: 'sticky',
              top: 0,
              zIndex: 2,
              height: HEADER_HEIGHT,
              alignItems: 'center',
              background: 'var(--mantine-color-body)',
              borderBottom: '1px solid var(--mantine-color-default-border)',
            }}
          >
            <div role="columnheader" aria-colindex={1} className="chats-check" style={{ flexShrink: 0 }}>
              <input
                type="checkbox"
                checked={allChecked}
                disabled={loadedRows.length === 0}
                onChange={toggleAll}
                aria-label={cs.bulk.selectAll}
                data-testid="select-all"
                style={{ width: 16, height: 16, margin: 0, cursor: 'pointer' }}
              />
            </div>
            {shownColumns.map((col, i) => (
              <HeaderCell key={col.id} col={col} colIndex={i + 2} sort={sort} onSort={onSort} />
            ))}
          </div>
          <div>
            <div style={{ height: standIn ? 0 : spaceBefore }} />
            {drawnItems.map(({ index, key, row }) => (
              <ChatRow
                key={key}
                index={index}
                rowKey={key}
                row={row}
                columns={shownColumns}
                ctx={ctx}
                active={row !== undefined && row.id === activeId}
                onSelect={setActiveId}
                checked={row !== undefined && checked.has(row.id)}
                onCheck={onCheck}
              />
            ))}
            <div style={{ height: spaceAfter + heldBack * ROW_HEIGHT }} />
          </div>
          {shown && (
            <Suspense fallback={null}>
              <HoverTip containerRef={scrollRef} />
            </Suspense>
          )}
          {loading && !standIn && (
            <Center p="xl">
              <Loader size="sm" aria-label={s.loadingRow} />
            </Center>
          )}
          {complete && rowsEmpty && (
            <Stack p="xl" align="flex-start" gap="xs" data-testid="chats-empty">
              <Text c={MUTED}>{viewActive ? s.noMatches : s.empty}</Text>
              {viewActive && (
                <Button variant="light" size="xs" onClick={onClearView}>
                  {s.clearAll}
                </Button>
              )}
            </Stack>
          )}
        </div>
      </Box>
    </Box>
  );
}

// Memoised: the table renders again whenever a page of rows arrives while scrolling; its headers did not change.
const HeaderCell = memo(function HeaderCell({
  col,
  colIndex,
  sort,
  onSort,
}: {
  col: ChatColumn;
  colIndex: number;
  sort: ChatsSort;
  onSort: (sort: ChatsSort) => void;
}) {
  const label = s.columns[col.id];
  const sorted = col.sortBy !== undefined && sort.by === col.sortBy;
  const text = (
    <Text size="sm" fw={700} span truncate>
      {label}
    </Text>
  );
  return (
    <div
      role="columnheader"
      aria-colindex={colIndex}
      aria-sort={sorted ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      data-testid={`column-header-${col.id}`}
      style={{ width: col.width, flexShrink: 0, padding: '0 8px', overflow: 'hidden' }}
    >
      {/* The help shows through the table's one HoverTip (data-tip): a Tooltip per header measured its
          scroll ancestors on mount, on the first paint's critical path. */}
      {col.sortBy ? (
        <UnstyledButton
          data-tip={s.columnHelp[col.id]}
          onClick={() => {
            const by = col.sortBy as SortableColumn;
            onSort({ by, dir: sorted && sort.dir === 'desc' ? 'asc' : 'desc' });
          }}
          aria-label={s.sortBy(label)}
          style={{ display: 'inline-flex', alignItems: 'center', gap: 4, maxWidth: '100%' }}
        >
          {text}
          {sorted ? (
            sort.dir === 'asc' ? (
              <IconArrowUp size={12} aria-hidden />
            ) : (
              <IconArrowDown size={12} aria-hidden />
            )
          ) : (
            <IconArrowsSort size={12} aria-hidden style={{ opacity: 0.4 }} />
          )}
        </UnstyledButton>
      ) : (
        <span data-tip={s.columnHelp[col.id]} style={{ display: 'inline-flex', maxWidth: '100%' }}>
          {text}
        </span>
      )}
    </div>
  );
});
