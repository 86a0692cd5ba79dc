import { randomUUID } from 'node:crypto';
import { executePostgresQuery } from '@rocicorp/zero/server';
import { NodePgTransactionInternal } from '@rocicorp/zero/server/adapters/pg';
import type { Hono } from 'hono';
// Zero 1.9 (pinned exactly) does not export these three helpers; the harness needs them to run the very
// AST the query endpoint hands to zero-cache (server column names) against Postgres.
import { type AST, mapAST } from '../../node_modules/@rocicorp/zero/out/zero-protocol/src/ast.js';
import { serverToClient } from '../../node_modules/@rocicorp/zero/out/zero-schema/src/name-mapper.js';
import { getServerSchema } from '../../node_modules/@rocicorp/zero/out/zero-server/src/schema.js';
import { schema } from '../../schema/schema.ts';
import { apiV1Capability } from '../../server/api-v1/api-v1-capability.ts';
import { createSession, SESSION_COOKIE } from '../../server/auth/session-store.ts';
import type { Pool } from '../../server/db/pool.ts';
import type { AppBindings, AppDeps } from '../../server/http/app-context.ts';
import { operatorsCapability } from '../../server/operators/operators-capability.ts';
import { settingsCapability } from '../../server/settings/settings-capability.ts';
import { createTestApp } from './test-app.ts';

// "A modified client gets nothing and changes nothing": these helpers speak zero-cache's own protocol to
// the real /api/zero/query and /api/zero/mutate routes with an operator's session cookie, so a test sees
// exactly what zero-cache would sync or apply for any query name and arguments a client may send.

type App = Hono<AppBindings>;

/** A session cookie for an operator (no password round trip needed). */
export async function cookieFor(pool: Pool, operatorId: string): Promise<string> {
  const s = await createSession(pool, operatorId, 'vitest');
  return `${SESSION_COOKIE}=${s.token}`;
}

type Format = { singular: boolean; relationships: Record<string, Format> };

function formatOf(ast: AST): Format {
  const relationships: Record<string, Format> = {};
  for (const r of ast.related ?? []) {
    const alias = r.subquery.alias ?? r.subquery.table;
    // Many-to-many: a hidden junction level; the result nests the far table directly.
    const target = r.hidden ? r.subquery.related?.[0]?.subquery : r.subquery;
    if (target) relationships[alias] = formatOf(target);
  }
  return { singular: false, relationships };
}

export type QueryOutcome = { rows: Record<string, unknown>[] } | { error: string; message?: string };

/**
 * Asks /api/zero/query to transform `name(args)` for the cookie's operator, then runs the returned AST
 * against Postgres: the rows zero-cache would sync to that browser.
 */
export async function syncedRows(
  app: App,
  pool: Pool,
  cookie: string,
  name: string,
  args?: unknown,
): Promise<Record<string, unknown>[]> {
  const outcome = await syncedQuery(app, pool, cookie, name, args);
  if ('error' in outcome) throw new Error(`query ${name} failed: ${outcome.error} ${outcome.message ?? ''}`);
  return outcome.rows;
}

export async function syncedQuery(
  app: App,
  pool: Pool,
  cookie: string,
  name: string,
  args?: unknown,
): Promise<QueryOutcome> {
  const res = await app.request('/api/zero/query', {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(['transform', [{ id: 'q1', name, args: args === undefined ? [] : [args] }]]),
  });
  if (res.status !== 200) return { error: `http_${res.status}` };
  const body = (await res.json()) as {
    kind?: string;
    queries?: ({ id: string; ast: AST } | { id: string; error: string; message?: string })[];
  };
  const q = body.queries?.[0];
  if (!q) return { error: body.kind ?? 'no_answer' };
  if ('error' in q) return { error: q.error, ...(q.message ? { message: q.message } : {}) };
  const ast = mapAST(q.ast, serverToClient(schema.tables));
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    const tx = new NodePgTransactionInternal(client);
    const serverSchema = await getServerSchema(tx, schema);
    const result = await executePostgresQuery(tx, ast, formatOf(ast), schema, serverSchema);
    return { rows: (Array.isArray(result) ? result : result ? [result] : []) as Record<string, unknown>[] };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}

/** zero-cache's bookkeeping tables in the upstream database, which the mutate route writes to. */
export async function installZeroUpstreamTables(pool: Pool) {
  await pool.query(`
    CREATE SCHEMA IF NOT EXISTS zero_0;
    CREATE TABLE IF NOT EXISTS zero_0.clients ("clientGroupID" TEXT NOT NULL, "clientID" TEXT NOT NULL,
      "lastMutationID" BIGINT NOT NULL, "userID" TEXT, PRIMARY KEY ("clientGroupID", "clientID"));
    CREATE TABLE IF NOT EXISTS zero_0.mutations ("clientGroupID" TEXT NOT NULL, "clientID" TEXT NOT NULL,
      "mutationID" BIGINT NOT NULL, "result" JSON NOT NULL, PRIMARY KEY ("clientGroupID", "clientID", "mutationID"));
  `);
}

export type MutationOutcome = { ok: true } | { ok: false; code: string | undefined; message: string };

/** A client (one clientID, mutation ids counting up) pushing custom mutations through /api/zero/mutate. */
export function zeroClient(app: App, cookie: string) {
  const clientGroupID = randomUUID();
  const clientID = randomUUID();
  let nextId = 1;
  return async function mutate(name: string, args: unknown): Promise<MutationOutcome> {
    const id = nextId++;
    const res = await app.request('/api/zero/mutate?schema=zero_0&appID=zero', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        clientGroupID,
        mutations: [{ type: 'custom', id, clientID, name, args: [args], timestamp: Date.now() }],
        pushVersion: 1,
        timestamp: Date.now(),
        requestID: randomUUID(),
      }),
    });
    if (res.status !== 200) return { ok: false, code: `http_${res.status}`, message: await res.text() };
    const body = (await res.json()) as {
      kind?: string;
      message?: string;
      mutations?: { result: { error?: string; message?: string; details?: { code?: string } } }[];
    };
    const result = body.mutations?.[0]?.result;
    if (!result) return { ok: false, code: body.kind, message: body.message ?? 'push failed' };
    if (result.error)
      return { ok: false, code: result.details?.code ?? result.error, message: result.message ?? '' };
    return { ok: true };
  };
}

/** The real app with the capabilities of Global Settings, operators and the REST API mounted. */
export function createSettingsTestApp(deps: AppDeps) {
  return createTestApp(deps, [settingsCapability(deps), operatorsCapability(deps), apiV1Capability(deps)]);
}
