import { ActionIcon, Box, Group } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { IconLayoutSidebarRightExpand } from '@tabler/icons-react';
import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { SORTABLE_COLUMNS, type SortableColumn } from '../../schema/conversation-filter.ts';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import { LazyTooltip } from '../app/floating.tsx';
import { lazyComponent } from '../app/lazy-component.tsx';
import { showFirstContent } from '../app/show-first-content.ts';
import { usePreloadWhenIdle } from '../app/use-preload-when-idle.ts';
import type { Route } from '../app/use-route.ts';
import type { Session } from '../auth/use-session.ts';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import {
  CHAT_COLUMN_IDS,
  CHAT_COLUMNS,
  COMPACT_HIDDEN_COLUMNS,
  COMPACT_TABLE_QUERY,
  NARROW_HIDDEN_COLUMNS,
  NARROW_TABLE_QUERY,
} from './chat-columns.ts';
import { type ChatsSort, ChatsTable } from './chats-table.tsx';
import { ColumnChooser, ColumnChooserList } from './column-chooser.tsx';
import { type ColumnLayout, defaultLayout, mergeLayout, serializeLayout } from './column-prefs.ts';
import { type ChatsView, EMPTY_VIEW, isViewActive, viewFromSaved } from './filter-model.ts';
import { FilterForm, FilterPanel } from './filter-panel.tsx';
import { QuickViews } from './quick-views.tsx';
import { SavedFilters, SavedFiltersList, SaveFilterModal } from './saved-filters.tsx';
import { SearchBox, SearchColumnsForm } from './search-box.tsx';
import { SUMMARY_PANEL_WIDTH } from './summary-width.ts';
import { useOpenConversation } from './use-open-conversation.ts';

// The table paints first; the summary panel (its ring and statistics) follows a moment later.
const SummaryPanel = lazyComponent(() => import('./summary-panel.tsx').then((m) => m.SummaryPanel));

const NONE_HIDDEN: readonly never[] = [];
const SummaryPlaceholder = () => (
  <Box data-testid="summary-placeholder" style={{ width: SUMMARY_PANEL_WIDTH, flexShrink: 0 }} />
);

const DEFAULT_SORT: ChatsSort = { by: 'lastMessageAt', dir: 'desc' };

/** Search, filters and sort survive going into a conversation and back, per browser tab. */
function useSessionState<T>(key: string, read: (raw: unknown) => T, fallback: T) {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = sessionStorage.getItem(key);
      return raw ? read(JSON.parse(raw)) : fallback;
    } catch {
      return fallback;
    }
  });
  useEffect(() => {
    sessionStorage.setItem(key, JSON.stringify(value));
  }, [key, value]);
  return [value, setValue] as const;
}

const readSort = (raw: unknown): ChatsSort => {
  const r = raw as Partial<ChatsSort> | null;
  return r && SORTABLE_COLUMNS.includes(r.by as SortableColumn) && (r.dir === 'asc' || r.dir === 'desc')
    ? { by: r.by as SortableColumn, dir: r.dir }
    : DEFAULT_SORT;
};

/** The Chats tab: toolbar (search, filters, saved filters, columns), the live table and the summary panel. */
export function ChatsWorkspace({ session, navigate }: { session: Session; navigate: (r: Route) => void }) {
  const z = useZero();
  usePreloadWhenIdle(
    SummaryPanel.preload,
    FilterForm.preload,
    SearchColumnsForm.preload,
    SaveFilterModal.preload,
    SavedFiltersList.preload,
    ColumnChooserList.preload,
  );
  const [prefs, prefsResult] = useQuery(queries.preferences.mine());
  // Per operator: whoever signs in next in this browser tab starts from a clean view.
  const me = session.operator.id;
  const [view, setView] = useSessionState<ChatsView>(`cdesk.chats.view.${me}`, viewFromSaved, EMPTY_VIEW);
  const [sort, setSort] = useSessionState<ChatsSort>(`cdesk.chats.sort.${me}`, readSort, DEFAULT_SORT);
  const open = useOpenConversation(navigate);

  // A compact screen starts with fewer columns and without the summary panel (the operator can still open
  // it, for this visit); what the operator saves wins over both.
  const compact = useMediaQuery(COMPACT_TABLE_QUERY, false, { getInitialValueInEffect: false });
  const narrow = useMediaQuery(NARROW_TABLE_QUERY, false, { getInitialValueInEffect: false });
  const hiddenByDefault = narrow ? NARROW_HIDDEN_COLUMNS : compact ? COMPACT_HIDDEN_COLUMNS : NONE_HIDDEN;
  const layout = useMemo(
    () => mergeLayout(prefs?.chatsColumns, CHAT_COLUMN_IDS, hiddenByDefault),
    [prefs?.chatsColumns, hiddenByDefault],
  );
  const columns = useMemo(() => layout.filter((c) => c.visible).map((c) => CHAT_COLUMNS[c.id]), [layout]);
  const saveLayout = (next: ColumnLayout<(typeof CHAT_COLUMN_IDS)[number]>) =>
    z.mutate(mutators.preferences.update({ chatsColumns: serializeLayout(next), now: Date.now() }));
  const [compactSummary, setCompactSummary] = useState(false);
  // The operator's choice lives in Zero's preferences. A reload reads them after its first frames, and first
  // from the browser's copy of Zero's store, which can be older than the last change (Zero writes it to
  // IndexedDB from time to time). The tab remembers the last choice the server confirmed or the operator
  // made here, and it stands until the server answers: a panel closed does not take its width (and give it
  // back as the table widens) while the preferences load.
  const [lastSummaryOpen, setLastSummaryOpen] = useSessionState<boolean | null>(
    `cdesk.chats.summary-open.${me}`,
    (raw) => (typeof raw === 'boolean' ? raw : null),
    null,
  );
  const confirmedSummaryOpen = prefsResult.type === 'complete' ? (prefs?.summaryOpen ?? true) : undefined;
  useEffect(() => {
    if (confirmedSummaryOpen !== undefined) setLastSummaryOpen(confirmedSummaryOpen);
  }, [confirmedSummaryOpen, setLastSummaryOpen]);
  const summaryOpen = compact
    ? compactSummary
    : (confirmedSummaryOpen ?? lastSummaryOpen ?? prefs?.summaryOpen ?? true);
  const setSummaryOpen = (open: boolean) =>
    compact
      ? setCompactSummary(open)
      : z.mutate(mutators.preferences.update({ summaryOpen: open, now: Date.now() }));

  const clearView = useCallback(() => setView(EMPTY_VIEW), [setView]);
  // The summary panel mounts once the table has painted its first rows: its ring and statistics are not
  // what an operator opens the screen for, and rendering them first delayed the rows.
  const [tableShown, setTableShown] = useState(false);
  const onFirstRows = useCallback(() => {
    setTableShown(true);
    showFirstContent();
  }, []);

  return (
    <Box style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
      <Group
        px="xs"
        py={6}
        gap="xs"
        wrap="wrap"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
        role="toolbar"
        aria-label={s.tableLabel}
      >
        <SearchBox
          value={view.search}
          onChange={(search) => setView((v) => ({ ...v, search }))}
          columns={view.searchColumns}
          onColumnsChange={(searchColumns) => setView((v) => ({ ...v, searchColumns }))}
        />
        <FilterPanel filter={view.filter} onChange={(filter) => setView((v) => ({ ...v, filter }))} />
        <QuickViews view={view} onChange={setView} />
        <SavedFilters view={view} onApply={setView} me={session.operator} />
        <Group gap="xs" ml="auto" wrap="nowrap">
          <ColumnChooser
            layout={layout}
            labels={s.columns}
            onChange={saveLayout}
            onReset={() => saveLayout(defaultLayout(CHAT_COLUMN_IDS, hiddenByDefault))}
            testId="chats-columns-button"
          />
          {!summaryOpen && (
            <LazyTooltip label={s.summaryOpen}>
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={s.summaryOpen}
                onClick={() => setSummaryOpen(true)}
                data-testid="summary-open"
              >
                <IconLayoutSidebarRightExpand size={18} />
              </ActionIcon>
            </LazyTooltip>
          )}
        </Group>
      </Group>
      <Box style={{ flex: 1, minHeight: 0, display: 'flex' }}>
        {/* The table follows every key press (no debounce): Zero answers a new search from the local replica
            in the same frame (the conversations already synced) and zero-cache's answer completes it. */}
        <ChatsTable
          view={view}
          sort={sort}
          columns={columns}
          onSort={setSort}
          onOpen={open}
          onClearView={clearView}
          viewActive={isViewActive(view)}
          meId={me}
          onFirstRows={onFirstRows}
        />
        {summaryOpen && (
          // The placeholder keeps the panel's width, so the table does not reflow when it arrives.
          <Suspense fallback={<SummaryPlaceholder />}>
            {tableShown ? (
              <SummaryPanel
                timeZone={session.timeZone}
                onClose={() => setSummaryOpen(false)}
                onOpen={open}
                onShowWaiting={() => setView((v) => ({ ...v, filter: { awaitingReply: true } }))}
              />
            ) : (
              <SummaryPlaceholder />
            )}
          </Suspense>
        )}
      </Box>
    </Box>
  );
}
