// Fault: Postgres stops for a few seconds under webhook traffic and comes back. The API process, supervised
// as scripts/start.ts supervises it, takes webhooks again without a manual step; meanwhile it answers 503
// (Meta retries) or the connection is refused, never another 5xx; nothing is lost or stored twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../server/db/pool.ts';
import { findFreePort } from '../../server/runtime/port-check.ts';
import { type Supervised, superviseProcess } from '../../server/runtime/supervised-process.ts';
import { benchEnv, createDatabase, type Postgres, ROOT, startPostgres } from '../support/stack.ts';
import { sleep, waitUntil } from '../support/stats.ts';
import { customerWaId, inboundText, messagesBody, postWebhook } from '../support/webhooks.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cdesk-fault-pg-'));
let postgres: Postgres;
let api: Supervised;
let pool: Pool;
let baseUrl = '';

beforeAll(async () => {
  await chmod(dir, 0o755);
  postgres = await startPostgres(path.join(dir, 'pg'), await findFreePort());
  const port = await findFreePort();
  const env = benchEnv({ databaseUrl: '', dataDir: dir, port, zeroPort: 9, extra: { SEED_DEMO: 'never' } });
  env.DATABASE_URL = await createDatabase(postgres, 'cdesk_restart', env);
  pool = createPool(env.DATABASE_URL, 2);
  api = superviseProcess({
    name: 'api',
    command: process.execPath,
    args: [path.join(ROOT, 'server/main.ts')],
    env: { ...process.env, ...env },
    log: () => {},
  });
  baseUrl = `http://127.0.0.1:${port}`;
  await waitUntil(
    () =>
      fetch(`${baseUrl}/healthz`)
        .then(async (r) => ((await r.json()) as { db: boolean }).db)
        .catch(() => false),
    60_000,
    'the API',
  );
});
afterAll(async () => {
  await api?.stop();
  await pool?.end().catch(() => {});
  await postgres?.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe('Postgres restarted under webhook traffic', () => {
  it('webhooks are taken again without a manual step; none lost or doubled, no 5xx but 503', async () => {
    const statuses: number[] = [];
    const total = 120;
    const base = Math.floor(Date.now() / 1000);
    const deliveries: Promise<void>[] = [];
    const outage = (async () => {
      await sleep(1500);
      await postgres.stop();
      await sleep(3000);
      await postgres.start();
    })();
    for (let i = 0; i < total; i++) {
      await sleep(50);
      const body = messagesBody([
        inboundText(`wamid.pgrt.${i}`, customerWaId(i % 12), `Restart ${i}`, base + i),
      ]);
      deliveries.push(
        (async () => {
          for (let attempt = 1; attempt < 100; attempt++) {
            const status = await postWebhook(baseUrl, body, 10_000);
            statuses.push(status);
            if (status === 200) return;
            await sleep(Math.min(2000, 100 * 2 ** attempt));
          }
        })(),
      );
    }
    await outage;
    await Promise.all(deliveries);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    // The outage was real: some deliveries had to be retried.
    expect(statuses.filter((s) => s !== 200).length).toBeGreaterThan(0);
    const { rows } = await pool.query<{ n: number; d: number }>(
      `SELECT count(*)::int AS n, (count(*) - count(DISTINCT wamid))::int AS d FROM message WHERE wamid LIKE 'wamid.pgrt.%'`,
    );
    expect(rows[0]).toEqual({ n: total, d: 0 });
  });
});
