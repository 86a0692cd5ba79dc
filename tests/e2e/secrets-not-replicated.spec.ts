import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from '@rocicorp/zero-sqlite3';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

// zero-cache replicates what it publishes into a SQLite replica and serves browsers from it: if a
// secret is not in that file, no browser can ever receive it.
test("no secret column or value reaches zero-cache's replica", async ({ page, db }) => {
  await signIn(page); // makes sure the stack has replicated and synced at least once
  const replicaFile = path.join(E2E.dataDir, 'zero-replica.db');
  expect(existsSync(replicaFile)).toBe(true);

  const { rows: secrets } = await db.query(
    `SELECT password_hash AS v FROM private.operator_credential
     UNION ALL SELECT token_hash FROM private.session`,
  );
  expect(secrets.length).toBeGreaterThan(0);

  const replica = new Database(replicaFile, { readonly: true, fileMustExist: true });
  try {
    const tables = replica
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'`,
      )
      .all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name)).toContain('conversation');
    expect(tables.map((t) => t.name)).not.toContain('operator_credential');
    for (const { name } of tables) {
      const columns = replica.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as Array<{
        name: string;
      }>;
      // zero-cache's own bookkeeping tables (zero.*) hold a permissions hash, not ours to judge.
      if (!name.startsWith('zero.')) {
        for (const c of columns) expect(`${name}.${c.name}`).not.toMatch(/password|secret|token|_enc$|hash/i);
      }
      const rows = replica.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>;
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain('$argon2');
      for (const s of secrets) expect(dump).not.toContain(s.v);
    }
  } finally {
    replica.close();
  }
});
