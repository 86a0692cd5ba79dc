import pg from 'pg';

// bigint (int8) columns such as conversation.number fit comfortably in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000 });
  // An idle client's error (e.g. Postgres restarted) must not crash the process; the pool replaces it.
  pool.on('error', (err) => console.warn(`[db] idle client error: ${err.message}`));
  return pool;
}

/**
 * Runs fn inside one transaction on a dedicated client. `lockTimeout` (e.g. '5s') is set in the BEGIN's
 * round trip: a caller answering someone (Meta's webhook) must not wait on a stuck lock forever.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: { lockTimeout?: '1s' | '5s' | '30s' } = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(
      options.lockTimeout ? `BEGIN; SET LOCAL lock_timeout = '${options.lockTimeout}'` : 'BEGIN',
    );
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
