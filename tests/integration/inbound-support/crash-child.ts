// Child process for inbound-crash.test.ts: handles one signed webhook POST through the real handler,
// but stops dead (waiting to be SIGKILLed) right before database statement number PAUSE_AT of that
// request, or right after its COMMIT when PAUSE_AT is "after-commit".
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { createPool } from '../../../server/db/pool.ts';
import { handleWebhookPost } from '../../../server/webhooks/handle-webhook-post.ts';

const [databaseUrl, bodyFile, signature, appSecret, pauseAt] = process.argv.slice(2);
if (!databaseUrl || !bodyFile || !signature || !appSecret || !pauseAt)
  throw new Error('usage: url body sig secret pauseAt');
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

const answer = await handleWebhookPost(
  {
    pool: pool as pg.Pool,
    log: () => {},
    secrets: {
      appSecrets: async () => [appSecret],
      verifyTokens: async () => [],
      refresh: async () => false,
    },
  },
  readFileSync(bodyFile),
  signature,
);
process.stdout.write(`DONE ${answer.status} ${statements}\n`);
await pool.end();
