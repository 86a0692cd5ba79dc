import type { Pool } from '../server/db/pool.ts';

/**
 * The raw limit of this Postgres for the ingestion comparison: single-row INSERTs, each its own
 * autocommit transaction, from `concurrency` connections for `seconds` (what pgbench's simple
 * insert script measures). Returns rows per second.
 */
export async function postgresInsertBaseline(
  pool: Pool,
  seconds: number,
  concurrency: number,
): Promise<number> {
  await pool.query(
    'CREATE TABLE IF NOT EXISTS private.bench_baseline (id bigserial PRIMARY KEY, body text NOT NULL, at timestamptz NOT NULL DEFAULT now())',
  );
  await pool.query('TRUNCATE private.bench_baseline');
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const c = await pool.connect();
      try {
        while (performance.now() < deadline) {
          await c.query('INSERT INTO private.bench_baseline (body) VALUES ($1)', ['{"hello":"world"}']);
          count++;
        }
      } finally {
        c.release();
      }
    }),
  );
  await pool.query('DROP TABLE private.bench_baseline');
  return count / seconds;
}
