import { defineMutator } from '@rocicorp/zero';
import type pg from 'pg';
import { CreateRequestArgs, formatRequestCode, insertRequest } from '../../schema/mutators/requests.ts';
import { zql } from '../../schema/schema.ts';

/**
 * Server override of `requests.create`: the same checks and row as the browser's optimistic run, but
 * with the real code (REQ-000123) from request_code_seq, taken inside the mutation's transaction.
 * A sequence value burnt by a later rollback leaves a gap, never a duplicate.
 */
export const createRequestServerMutator = defineMutator(CreateRequestArgs, async ({ tx, args, ctx }) => {
  if (tx.location !== 'server') throw new Error('createRequestServerMutator runs on the server only');
  // A replay of an already-applied create must not burn a number.
  if (await tx.run(zql.request.where('id', args.id).one())) return;
  const db = tx.dbTransaction.wrappedTransaction as pg.ClientBase;
  const { rows } = await db.query<{ n: number }>(`SELECT nextval('request_code_seq')::int AS n`);
  const n = rows[0]?.n;
  if (n === undefined) throw new Error('request_code_seq returned no value');
  await insertRequest(tx, ctx, args, formatRequestCode(n));
});
