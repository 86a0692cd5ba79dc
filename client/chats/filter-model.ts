import {
  ConversationFilter,
  SEARCHABLE_COLUMNS,
  type SearchableColumn,
} from '../../schema/conversation-filter.ts';
import { ACTIVE_STATES } from '../../schema/conversation-lifecycle.ts';

/** Whose conversations: everyone's (absent), the operator's own, or nobody's. */
export type OwnerView = 'mine' | 'unassigned';
/** Which states: active ones, open or snoozed (absent, the inbox), resolved ones, or any. */
export type LifecycleView = 'resolved' | 'any';

/** What the Chats tab is showing: search text, the columns it searches, the filters and the quick views. */
export type ChatsView = {
  search: string;
  searchColumns: SearchableColumn[];
  filter: ConversationFilter;
  owner?: OwnerView;
  lifecycle?: LifecycleView;
};

export const EMPTY_VIEW: ChatsView = { search: '', searchColumns: [...SEARCHABLE_COLUMNS], filter: {} };

/**
 * Drops empty parts (empty lists, false "unread only", undefined dates) so that equal filters compare
 * and serialise equally: the saved filter, the query arguments and "is anything active" all agree.
 */
export function normalizeFilter(filter: ConversationFilter): ConversationFilter {
  const out: ConversationFilter = {};
  if (filter.statuses?.length) out.statuses = [...new Set(filter.statuses)].sort();
  if (filter.awaitingReply !== undefined) out.awaitingReply = filter.awaitingReply;
  if (filter.unreadOnly) out.unreadOnly = true;
  if (filter.operatorIds?.length) out.operatorIds = [...new Set(filter.operatorIds)].sort();
  if (filter.states?.length) out.states = [...new Set(filter.states)].sort();
  if (filter.assigneeIds?.length) out.assigneeIds = [...new Set(filter.assigneeIds)].sort();
  if (filter.unassigned) out.unassigned = true;
  if (filter.channelIds?.length) out.channelIds = [...new Set(filter.channelIds)].sort();
  if (filter.direction) out.direction = filter.direction;
  for (const key of ['lastMessageFrom', 'lastMessageTo', 'createdFrom', 'createdTo'] as const) {
    const v = filter[key];
    if (v !== undefined && Number.isFinite(v)) out[key] = v;
  }
  return out;
}

/** How many filter groups are active (a date range counts once), for the badge on the Filters button. */
export function countActiveFilters(filter: ConversationFilter): number {
  const f = normalizeFilter(filter);
  let n = 0;
  if (f.statuses) n++;
  if (f.awaitingReply !== undefined) n++;
  if (f.unreadOnly) n++;
  if (f.operatorIds) n++;
  if (f.channelIds) n++;
  if (f.states) n++;
  if (f.assigneeIds || f.unassigned) n++;
  if (f.direction) n++;
  if (f.lastMessageFrom !== undefined || f.lastMessageTo !== undefined) n++;
  if (f.createdFrom !== undefined || f.createdTo !== undefined) n++;
  return n;
}

/**
 * A native date input's value (YYYY-MM-DD, the operator's local day) as epoch ms: the first millisecond
 * of that day for a "from" bound, the last for a "to" bound, so "to 3 March" includes all of 3 March.
 */
export function dateInputToMs(value: string, bound: 'start' | 'end'): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const date = bound === 'start' ? new Date(y, mo, d, 0, 0, 0, 0) : new Date(y, mo, d, 23, 59, 59, 999);
  if (date.getFullYear() !== y || date.getMonth() !== mo || date.getDate() !== d) return undefined;
  return date.getTime();
}

/** The local day of an epoch ms as a native date input's value. */
export function msToDateInput(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The search columns, in canonical order, never empty (nothing searched would be a silent no-op). */
export function normalizeSearchColumns(columns: readonly string[]): SearchableColumn[] {
  const chosen = SEARCHABLE_COLUMNS.filter((c) => columns.includes(c));
  return chosen.length ? chosen : [...SEARCHABLE_COLUMNS];
}

/**
 * Reads a saved filter's body defensively: it is JSON another release (or another operator) wrote, so
 * unknown or malformed parts are dropped rather than breaking the table.
 */
export function viewFromSaved(body: unknown): ChatsView {
  const obj = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const parsed = ConversationFilter.safeParse(obj.filter ?? {});
  const view: ChatsView = {
    search: typeof obj.search === 'string' ? obj.search.slice(0, 200) : '',
    searchColumns: normalizeSearchColumns(
      Array.isArray(obj.searchColumns) ? obj.searchColumns.filter((c) => typeof c === 'string') : [],
    ),
    filter: parsed.success ? normalizeFilter(parsed.data) : {},
  };
  if (obj.owner === 'mine' || obj.owner === 'unassigned') view.owner = obj.owner;
  if (obj.lifecycle === 'resolved' || obj.lifecycle === 'any') view.lifecycle = obj.lifecycle;
  return view;
}

/**
 * The filter the table queries: the view's filters with its quick views applied. The inbox shows active
 * (open and snoozed) conversations; "Mine" is whoever looks, so a shared saved view works for each.
 */
export function queryFilter(view: ChatsView, meId: string): ConversationFilter {
  const f = normalizeFilter(view.filter);
  if (!f.states) {
    if (view.lifecycle === 'resolved') f.states = ['resolved'];
    else if (view.lifecycle !== 'any') f.states = [...ACTIVE_STATES];
  }
  if (view.owner === 'mine') {
    f.assigneeIds = [meId];
    delete f.unassigned;
  } else if (view.owner === 'unassigned') {
    f.unassigned = true;
    delete f.assigneeIds;
  }
  return f;
}

/** The saved-filter body for the current view. */
export function savedBodyFromView(view: ChatsView) {
  return {
    search: view.search.trim() || undefined,
    searchColumns: normalizeSearchColumns(view.searchColumns),
    filter: normalizeFilter(view.filter),
    ...(view.owner ? { owner: view.owner } : {}),
    ...(view.lifecycle ? { lifecycle: view.lifecycle } : {}),
  };
}

/** Whether the view narrows the list at all (search text or any filter). */
export function isViewActive(view: ChatsView): boolean {
  return (
    view.search.trim() !== '' ||
    countActiveFilters(view.filter) > 0 ||
    view.owner !== undefined ||
    view.lifecycle !== undefined
  );
}
