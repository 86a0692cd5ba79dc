import { mustGetMutator } from '@rocicorp/zero';
import { zeroNodePg } from '@rocicorp/zero/server/adapters/pg';
import type pg from 'pg';
import type { ZeroContext } from '../../schema/context.ts';
import { schema } from '../../schema/schema.ts';
import type { AppDeps } from '../../server/http/app-context.ts';
import { serverMutators } from '../../server/zero/server-mutators.ts';

/** An operator who may do what an operator may, on every channel, with the module on. */
export const OLGA: ZeroContext = {
  userID: 'op-olga',
  role: 'operator',
  canSendTemplates: true,
  channelScope: null,
  chatsEnabled: true,
};

export type RunMutator = (name: string, args: unknown, ctx?: ZeroContext) => Promise<void>;

/**
 * Runs a server mutator by its name as zero-cache's push reaches /api/zero/mutate: the server's registry,
 * one transaction on the real database, args as raw JSON (the mutator's own zod parses them).
 */
export function mutatorRunner(deps: AppDeps, pool: pg.Pool): RunMutator {
  const registry = serverMutators(deps);
  const zdb = zeroNodePg(schema, pool);
  return (name, args, ctx = OLGA) =>
    zdb.transaction((tx) =>
      // biome-ignore lint/suspicious/noExplicitAny: args come as raw JSON, as from the wire
      mustGetMutator(registry, name).fn({ tx, ctx, args: args as any }),
    );
}
