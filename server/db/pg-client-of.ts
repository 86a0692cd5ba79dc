import type { Transaction } from '@rocicorp/zero';
import type pg from 'pg';
import type { Schema } from '../../schema/schema.ts';

/**
 * The pg client of a server mutation's transaction: what a server mutator adds to the shared one
 * (counters, outbox jobs, set-based SQL) commits or rolls back with the shared mutator's writes.
 */
export function pgClientOf(tx: Transaction<Schema>): pg.ClientBase {
  if (tx.location !== 'server') throw new Error('Server mutators run on the server only');
  return tx.dbTransaction.wrappedTransaction as pg.ClientBase;
}
