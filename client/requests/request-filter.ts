import type { RequestStatus } from '../../schema/schema.ts';

export type RequestListRow = {
  id: string;
  code: string;
  name: string;
  status: RequestStatus;
  tags: readonly { id: string; name: string }[];
};

export type RequestListFilter = {
  search: string;
  statuses: readonly RequestStatus[];
  tagIds: readonly string[];
};

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/**
 * The left pane's search and filters: text in the code or name (case and accent insensitive), any of the
 * chosen statuses, and every chosen tag.
 */
export function filterRequests<R extends RequestListRow>(rows: readonly R[], filter: RequestListFilter): R[] {
  const terms = fold(filter.search).split(/\s+/).filter(Boolean);
  return rows.filter((r) => {
    if (filter.statuses.length > 0 && !filter.statuses.includes(r.status)) return false;
    if (filter.tagIds.length > 0) {
      const ids = new Set(r.tags.map((t) => t.id));
      if (!filter.tagIds.every((id) => ids.has(id))) return false;
    }
    if (terms.length === 0) return true;
    const haystack = fold(`${r.code} ${r.name} ${r.tags.map((t) => t.name).join(' ')}`);
    return terms.every((t) => haystack.includes(t));
  });
}
