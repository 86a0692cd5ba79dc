import { describe, expect, it } from 'vitest';
import {
  countActiveFilters,
  dateInputToMs,
  EMPTY_VIEW,
  isViewActive,
  msToDateInput,
  normalizeFilter,
  normalizeSearchColumns,
  queryFilter,
  savedBodyFromView,
  viewFromSaved,
} from '../../client/chats/filter-model.ts';
import { withTabOpened } from '../../schema/mutators/preferences.ts';

describe('filter building', () => {
  it('drops empty parts and sorts lists, so equal filters serialise equally', () => {
    expect(
      normalizeFilter({
        statuses: ['read', 'failed', 'read'],
        operatorIds: [],
        unreadOnly: false,
        awaitingReply: false,
        lastMessageFrom: undefined,
      }),
    ).toEqual({ statuses: ['failed', 'read'], awaitingReply: false });
    expect(normalizeFilter({})).toEqual({});
  });

  it('counts a date range once and "answered" as an active filter', () => {
    expect(countActiveFilters({})).toBe(0);
    expect(countActiveFilters({ awaitingReply: false })).toBe(1);
    expect(countActiveFilters({ lastMessageFrom: 1, lastMessageTo: 2, createdTo: 3, unreadOnly: true })).toBe(
      3,
    );
    expect(countActiveFilters({ operatorIds: [], statuses: [] })).toBe(0);
  });

  it('makes a date range inclusive of whole local days', () => {
    const from = dateInputToMs('2026-03-03', 'start');
    const to = dateInputToMs('2026-03-03', 'end');
    expect(from).toBe(new Date(2026, 2, 3, 0, 0, 0, 0).getTime());
    expect(to).toBe(new Date(2026, 2, 3, 23, 59, 59, 999).getTime());
    expect(msToDateInput(from)).toBe('2026-03-03');
    expect(msToDateInput(to)).toBe('2026-03-03');
  });

  it('rejects cleared and impossible dates', () => {
    expect(dateInputToMs('', 'start')).toBeUndefined();
    expect(dateInputToMs('2026-02-30', 'start')).toBeUndefined();
    expect(dateInputToMs('03/03/2026', 'end')).toBeUndefined();
    expect(msToDateInput(undefined)).toBe('');
  });

  it('never searches zero columns and keeps the canonical order', () => {
    expect(normalizeSearchColumns([])).toEqual(EMPTY_VIEW.searchColumns);
    expect(normalizeSearchColumns(['operator', 'participant', 'bogus'])).toEqual(['participant', 'operator']);
  });

  it('round-trips a view through a saved filter body', () => {
    const view = {
      search: '  SKB-42 ',
      searchColumns: ['lastMessage' as const],
      filter: { awaitingReply: true, statuses: ['read' as const] },
    };
    const body = savedBodyFromView(view);
    expect(body).toEqual({ search: 'SKB-42', searchColumns: ['lastMessage'], filter: view.filter });
    expect(viewFromSaved(JSON.parse(JSON.stringify(body)))).toEqual({ ...view, search: 'SKB-42' });
  });

  it('reads a malformed or foreign saved body without breaking', () => {
    expect(viewFromSaved(null)).toEqual(EMPTY_VIEW);
    expect(viewFromSaved({ search: 42, searchColumns: 'x', filter: { statuses: ['exploded'] } })).toEqual(
      EMPTY_VIEW,
    );
    expect(viewFromSaved({ filter: { unreadOnly: true, futureKey: 1 } }).filter).toEqual({
      unreadOnly: true,
    });
  });

  it('knows when the view narrows the list', () => {
    expect(isViewActive(EMPTY_VIEW)).toBe(false);
    expect(isViewActive({ ...EMPTY_VIEW, search: '   ' })).toBe(false);
    expect(isViewActive({ ...EMPTY_VIEW, search: 'a' })).toBe(true);
    expect(isViewActive({ ...EMPTY_VIEW, filter: { direction: 'out' } })).toBe(true);
  });
});

describe('open tabs', () => {
  it('adds a conversation once and closes the oldest beyond the limit', () => {
    expect(withTabOpened(['a', 'b'], 'c')).toEqual(['a', 'b', 'c']);
    expect(withTabOpened(['a', 'b'], 'a')).toEqual(['a', 'b']);
    expect(withTabOpened(['a', 'b', 'c'], 'd', 3)).toEqual(['b', 'c', 'd']);
  });
});

describe('quick views', () => {
  const base = { search: '', searchColumns: EMPTY_VIEW.searchColumns, filter: {} };

  it('show the active inbox by default, resolved or any state on request', () => {
    expect(queryFilter(base, 'op-me')).toEqual({ states: ['open', 'pending'] });
    expect(queryFilter({ ...base, lifecycle: 'resolved' }, 'op-me')).toEqual({ states: ['resolved'] });
    expect(queryFilter({ ...base, lifecycle: 'any' }, 'op-me')).toEqual({});
    // A state chosen in the filters wins over the quick view.
    expect(queryFilter({ ...base, filter: { states: ['pending'] } }, 'op-me').states).toEqual(['pending']);
  });

  it('make Mine whoever looks and Unassigned nobody', () => {
    expect(queryFilter({ ...base, owner: 'mine' }, 'op-me').assigneeIds).toEqual(['op-me']);
    expect(queryFilter({ ...base, owner: 'mine' }, 'op-olga').assigneeIds).toEqual(['op-olga']);
    const unassigned = queryFilter({ ...base, owner: 'unassigned' }, 'op-me');
    expect(unassigned.unassigned).toBe(true);
    expect(unassigned.assigneeIds).toBeUndefined();
  });

  it('are kept by a saved filter and count as narrowing the list', () => {
    const view = { ...base, owner: 'mine' as const, lifecycle: 'resolved' as const };
    expect(viewFromSaved(JSON.parse(JSON.stringify(savedBodyFromView(view))))).toEqual(view);
    expect(viewFromSaved({ owner: 'everyone', lifecycle: 'closed' })).toEqual(EMPTY_VIEW);
    expect(isViewActive(base)).toBe(false);
    expect(isViewActive({ ...base, owner: 'unassigned' })).toBe(true);
  });
});
