// A push's client group must be its operator's (server/zero/client-group-owner.ts). A binding never
// changes once made, so a process remembers the ones it confirmed and asks Postgres only for the rest.
import { describe, expect, it } from 'vitest';
import type { Pool } from '../../server/db/pool.ts';
import { clientGroupOwners } from '../../server/zero/client-group-owner.ts';

/** A stand-in for private.zero_client_group: the first operator to push a group owns it. */
function fakePool() {
  const owners = new Map<string, string>();
  let queries = 0;
  const pool = {
    query: async (_sql: string, [group, operator]: [string, string]) => {
      queries++;
      if (!owners.has(group)) owners.set(group, operator);
      return { rows: [{ operator_id: owners.get(group) }] };
    },
  } as unknown as Pool;
  return { pool, queries: () => queries };
}

describe('clientGroupOwners', () => {
  it('asks once per confirmed group, and refuses another operator without asking again', async () => {
    const db = fakePool();
    const bind = clientGroupOwners(db.pool);
    expect(await bind('group-1', 'olga')).toBe(true);
    expect(await bind('group-1', 'olga')).toBe(true);
    expect(await bind('group-1', 'olga')).toBe(true);
    expect(db.queries()).toBe(1);
    expect(await bind('group-1', 'sam')).toBe(false);
    expect(db.queries()).toBe(1);
  });

  it('asks every time for a group it was refused (it is not remembered as anyone’s)', async () => {
    const db = fakePool();
    const olgas = clientGroupOwners(db.pool);
    const elsewhere = clientGroupOwners(db.pool); // another API process
    expect(await olgas('group-2', 'olga')).toBe(true);
    expect(await elsewhere('group-2', 'sam')).toBe(false);
    expect(await elsewhere('group-2', 'sam')).toBe(false);
    expect(db.queries()).toBe(3);
    expect(await elsewhere('group-2', 'olga')).toBe(true);
    expect(await elsewhere('group-2', 'olga')).toBe(true);
    expect(db.queries()).toBe(4);
  });
});
