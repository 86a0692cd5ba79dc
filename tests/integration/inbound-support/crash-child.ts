// Child process for the crash tests: handles signed webhook POSTs through the real handler, all at once
// (so that they share one group commit), but stops dead (waiting to be SIGKILLed) right before database
// statement number PAUSE_AT, or right after the first COMMIT when PAUSE_AT is "after-commit".
// BODIES_FILE is a JSON array of { text, signature }.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { createPool } from '../../../server/db/pool.ts';
import { handleWebhookPost } from '../../../server/inbound/handle-webhook-post.ts';
import { createWebhookGroupCommit } from '../../../server/inbound/webhook-group-commit.ts';

const [databaseUrl, bodiesFile, appSecret, pauseAt] = process.argv.slice(2);
if (!databaseUrl || !bodiesFile || !appSecret || !pauseAt)
  throw new Error('usage: url bodies secret pauseAt');
const bodies = JSON.parse(readFileSync(bodiesFile, 'utf8')) as { text: string; signature: string }[];
const pool = createPool(databaseUrl, 2);
const hang = (line: string) => {
  process.stdout.write(`${line}\n`);
  return new Promise<never>(() => {});
};

let statements = 0;
const connect = pool.connect.bind(pool);
pool.connect = (async () => {
  const client = await connect();
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as { query: unknown }).query = async (...args: unknown[]) => {
    statements += 1;
    if (String(statements) === pauseAt) await hang(`PAUSED ${statements}`);
    const result = await query(...args);
    if (pauseAt === 'after-commit' && String(args[0]) === 'COMMIT') await hang('PAUSED after-commit');
    return result;
  };
  return client;
}) as unknown as typeof pool.connect;

const deps = {
  pool: pool as pg.Pool,
  groupCommit: createWebhookGroupCommit(pool as pg.Pool),
  log: () => {},
  secrets: {
    appSecrets: async () => [appSecret],
    verifyTokens: async () => [],
    channelSecrets: async () => [],
    refresh: async () => false,
  },
};
const answers = await Promise.all(
  bodies.map((b) => handleWebhookPost(deps, new TextEncoder().encode(b.text), b.signature)),
);
process.stdout.write(`DONE ${answers.map((a) => a.status).join(',')} ${statements}\n`);
await pool.end();
