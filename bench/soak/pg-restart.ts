// Soak: the product as `npm start` runs it (scripts/start.ts supervising zero-cache and the API) on an
// external Postgres that is stopped for a few seconds mid-run while webhooks keep coming and an operator's
// Zero client is connected. Without any manual step: webhooks are accepted again (503 meanwhile, so Meta
// retries), nothing is lost or doubled, and the operator's client catches up.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { queries } from '../../schema/queries.ts';
import { createPool } from '../../server/db/pool.ts';
import { createOperators } from '../../tests/support/operators.ts';
import { benchEnv, createDatabase, ROOT, startPostgres } from '../../tests/support/stack.ts';
import { sleep, waitUntil } from '../../tests/support/stats.ts';
import { customerWaId, inboundText, messagesBody, postWebhook } from '../../tests/support/webhooks.ts';
import { figure, type ScenarioResult } from '../lib/report.ts';
import { connectOperator } from '../lib/zero-node-client.ts';

export async function pgRestartSoak(o: {
  dir: string;
  pgPort: number;
  port: number;
  zeroPort: number;
  seconds: number;
  downSeconds: number;
}): Promise<ScenarioResult> {
  const dir = path.join(o.dir, 'pg-restart');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const postgres = await startPostgres(path.join(dir, 'pg'), o.pgPort);
  const env = benchEnv({
    databaseUrl: '',
    dataDir: path.join(dir, 'data'),
    port: o.port,
    zeroPort: o.zeroPort,
  });
  const url = await createDatabase(postgres, 'cdesk', env);
  env.DATABASE_URL = url;
  const log = createWriteStream(path.join(dir, 'logs/start.log'));
  const start = spawn(process.execPath, [path.join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const s of [start.stdout, start.stderr]) {
    s?.on('data', (d: Buffer) => {
      output += d.toString();
      log.write(d);
    });
  }
  const baseUrl = `http://127.0.0.1:${o.port}`;
  const pool = createPool(url, 2);
  try {
    await waitUntil(
      () =>
        fetch(`${baseUrl}/healthz`)
          .then((r) => r.ok)
          .catch(() => false),
      180_000,
      'scripts/start.ts to be healthy',
      250,
    );
    const [op] = await createOperators(pool, 1, 'soak-pgr-op');
    if (!op) throw new Error('no operator');
    const client = connectOperator(op, `http://127.0.0.1:${o.zeroPort}`);
    const view = client.zero.materialize(queries.conversations.list({ limit: 200 }));
    const latest = new Map<string, string>();
    view.addListener((rows) => {
      for (const r of rows as readonly { participantPhone: string; lastMessagePreview: string }[])
        latest.set(r.participantPhone, r.lastMessagePreview);
    });

    // Webhooks at 10/s from 30 customers; each one retried like Meta until it gets its 200.
    const customers = 30;
    const total = o.seconds * 10;
    // Meta times one second apart and all in the past (a time ahead of our clock becomes the time of
    // receipt, which would reorder the customers' latest messages).
    const base = Math.floor(Date.now() / 1000) - total - 60;
    const statuses: Record<string, number> = {};
    const lastText = new Map<number, string>();
    let restartedAt = 0;
    let firstOkAfterRestart = 0;
    const deliveries: Promise<void>[] = [];
    const outage = (async () => {
      await sleep((o.seconds * 1000) / 4);
      await postgres.stop();
      await sleep(o.downSeconds * 1000);
      await postgres.start();
      restartedAt = Date.now();
    })();
    const t0 = Date.now();
    for (let i = 0; i < total; i++) {
      const due = t0 + i * 100;
      if (due > Date.now()) await sleep(due - Date.now());
      const c = i % customers;
      const text = `PGR ${i}`;
      lastText.set(c, text);
      const body = messagesBody([inboundText(`wamid.pgr.${i}`, customerWaId(c), text, base + i)]);
      deliveries.push(
        (async () => {
          for (let attempt = 1; ; attempt++) {
            const status = await postWebhook(baseUrl, body, 15_000);
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status === 200) {
              if (restartedAt && !firstOkAfterRestart) firstOkAfterRestart = Date.now();
              return;
            }
            await sleep(Math.min(3000, 100 * 2 ** attempt));
          }
        })(),
      );
    }
    await outage;
    await Promise.all(deliveries);
    const allAcceptedAt = Date.now();
    // The operator's client shows every customer's latest message (zero-cache caught up by itself).
    const expected = [...lastText.entries()].map(([c, text]) => [`+${customerWaId(c)}`, text] as const);
    let caughtUp = true;
    await waitUntil(
      () => expected.every(([phone, text]) => latest.get(phone) === text),
      180_000,
      'the client to catch up',
      200,
    ).catch(() => {
      caughtUp = false;
    });
    const caughtUpAt = Date.now();
    await client.zero.close();
    const { rows } = await pool.query<{ n: number; d: number }>(
      `SELECT count(*)::int AS n, count(*) - count(DISTINCT wamid) AS d FROM message WHERE wamid LIKE 'wamid.pgr.%'`,
    );
    const restarts = (output.match(/exited \([^)]*\); restarting/g) ?? []).length;
    const fiveHundreds = Object.entries(statuses)
      .filter(([s]) => Number(s) >= 500 && s !== '503')
      .reduce((n, [, c]) => n + c, 0);
    const zero = { op: '<=' as const, value: 0, label: '0' };
    return {
      name: 'pg-restart',
      figures: [
        figure('pgr_lost', `Webhook messages lost (of ${total})`, total - (rows[0]?.n ?? 0), '', zero),
        figure('pgr_dup', 'Webhook messages stored twice', rows[0]?.d ?? 0, '', zero),
        figure('pgr_500', 'Answers 5xx other than 503 (retry later)', fiveHundreds, '', zero),
        figure('pgr_restarts', 'Processes restarted by scripts/start.ts during the outage', restarts, ''),
        figure(
          'pgr_webhooks_back',
          'Postgres back → first webhook accepted',
          firstOkAfterRestart ? (firstOkAfterRestart - restartedAt) / 1000 : null,
          's',
        ),
        figure('pgr_client', 'Operator’s Zero client caught up without a manual step', caughtUp ? 1 : 0, '', {
          op: '>=',
          value: 1,
          label: 'yes',
        }),
        figure(
          'pgr_client_time',
          'Postgres back → client shows every customer’s latest message',
          caughtUp ? (caughtUpAt - restartedAt) / 1000 : null,
          's',
        ),
      ],
      details: {
        statuses,
        supervisorRestarts: restarts,
        downSeconds: o.downSeconds,
        allAcceptedAfterRestartSeconds: (allAcceptedAt - restartedAt) / 1000,
      },
    };
  } finally {
    start.kill('SIGTERM');
    await new Promise((r) => (start.exitCode !== null ? r(null) : start.once('exit', r)));
    await pool.end().catch(() => {});
    await postgres.stop().catch(() => {});
    log.end();
  }
}
