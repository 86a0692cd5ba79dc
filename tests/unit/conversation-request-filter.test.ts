import { describe, expect, it } from 'vitest';
import { filterRequests } from '../../client/requests/request-filter.ts';

const rows = [
  {
    id: '1',
    code: 'REQ-000001',
    name: 'Objednávka nedorazila',
    status: 'new' as const,
    tags: [{ id: 't-d', name: 'delivery' }],
  },
  {
    id: '2',
    code: 'REQ-000002',
    name: 'Invoice wrong',
    status: 'open' as const,
    tags: [
      { id: 't-b', name: 'billing' },
      { id: 't-u', name: 'urgent' },
    ],
  },
  { id: '3', code: 'REQ-000003', name: 'Address change', status: 'closed' as const, tags: [] },
];
const none = { search: '', statuses: [], tagIds: [] };

describe('filterRequests', () => {
  it('searches code, name and tag names, ignoring case and accents', () => {
    expect(filterRequests(rows, { ...none, search: 'objednavka' }).map((r) => r.id)).toEqual(['1']);
    expect(filterRequests(rows, { ...none, search: '000002' }).map((r) => r.id)).toEqual(['2']);
    expect(filterRequests(rows, { ...none, search: 'URGENT invoice' }).map((r) => r.id)).toEqual(['2']);
    expect(filterRequests(rows, none).map((r) => r.id)).toEqual(['1', '2', '3']);
  });
  it('filters by any chosen status and every chosen tag', () => {
    expect(filterRequests(rows, { ...none, statuses: ['new', 'closed'] }).map((r) => r.id)).toEqual([
      '1',
      '3',
    ]);
    expect(filterRequests(rows, { ...none, tagIds: ['t-b', 't-u'] }).map((r) => r.id)).toEqual(['2']);
    expect(filterRequests(rows, { ...none, tagIds: ['t-b', 't-d'] })).toEqual([]);
  });
});
