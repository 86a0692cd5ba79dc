// Issue 11, idle latency between two people: two real browsers (two operators, each signed in, the same
// conversation open), operator A sends a reply, and the time until it is painted in operator B's thread.
// Both pages run in one Chromium on this machine, so their clocks (performance.timeOrigin + now()) agree.
import { chromium, type Page } from '@playwright/test';
import { createPool } from '../../server/db/pool.ts';
import { FakeGraph } from '../../tests/support/fake-graph.ts';
import {
  benchEnv,
  createDatabase,
  type Postgres,
  startApi,
  startZeroCache,
  stopAll,
} from '../../tests/support/stack.ts';
import { sleep, summarize } from '../../tests/support/stats.ts';
import { customerWaId, inboundText, messagesBody, postWebhook } from '../../tests/support/webhooks.ts';
import { buildProductionClient, CHROMIUM_ARGS } from '../lib/browser.ts';
import { figure, type ScenarioResult } from '../lib/report.ts';

export type TwoOperatorsOptions = {
  postgres: Postgres;
  dir: string;
  apiPort: number;
  zeroPort: number;
  replies: number;
};

/** Wall-clock time (ms) of the key press that sends, recorded inside the page. */
const RECORD_ENTER = `addEventListener('keydown', (e) => {
  if (e.key === 'Enter') window.__enterAt = performance.timeOrigin + e.timeStamp;
}, { capture: true });`;

async function openConversation(page: Page, conversationId: string) {
  await page.goto(`/conversations/${encodeURIComponent(conversationId)}`);
  await page.getByTestId('composer-input').waitFor({ timeout: 60_000 });
}

export async function twoOperatorsScenario(o: TwoOperatorsOptions): Promise<ScenarioResult> {
  const logDir = `${o.dir}/logs`;
  // Meta's stand-in takes the replies (nothing leaves this machine).
  const graph = await new FakeGraph().start();
  const env = benchEnv({
    databaseUrl: '',
    dataDir: `${o.dir}/two`,
    port: o.apiPort,
    zeroPort: o.zeroPort,
    graphUrl: graph.base,
  });
  const url = await createDatabase(o.postgres, 'bench_two', env);
  env.DATABASE_URL = url;
  const pool = createPool(url, 2);
  buildProductionClient();
  const zero = await startZeroCache('two-zero-cache', {
    databaseUrl: url,
    port: o.zeroPort,
    apiPort: o.apiPort,
    replicaFile: `${o.dir}/two/replica.db`,
    logDir,
  });
  const api = await startApi('two-api', env, logDir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const baseURL = `http://127.0.0.1:${o.apiPort}`;
    // A customer wrote a moment ago: the 24-hour window is open for free-text replies.
    const status = await postWebhook(
      baseURL,
      messagesBody([
        inboundText('wamid.two.1', customerWaId(1), 'Hello, anyone there?', Math.floor(Date.now() / 1000)),
      ]),
    );
    if (status !== 200) throw new Error(`the customer's webhook answered ${status}`);
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM conversation LIMIT 1');
    const conversationId = rows[0]?.id;
    if (!conversationId) throw new Error('no conversation');

    const signIn = async (email: string) => {
      const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 900 } });
      await context.addInitScript(RECORD_ENTER);
      const login = await context.request.post('/api/auth/login', {
        data: { email, password: 'cdesk-demo' },
      });
      if (!login.ok()) throw new Error(`sign-in of ${email} failed: ${login.status()}`);
      const page = await context.newPage();
      await openConversation(page, conversationId);
      return page;
    };
    const a = await signIn('admin@demo.cdesk.local');
    const b = await signIn('olga@demo.cdesk.local');
    await sleep(2000);

    const latencies: number[] = [];
    const toServer: number[] = [];
    const toOther: number[] = [];
    const input = a.getByTestId('composer-input');
    for (let i = 0; i < o.replies; i++) {
      const text = `Two-operator reply ${Date.now().toString(36)} ${i}`;
      await input.fill(text);
      const seen = b.waitForFunction(
        (t) =>
          [...document.querySelectorAll('[data-testid="thread-message"]')].some((m) =>
            m.textContent?.includes(t),
          )
            ? performance.timeOrigin + performance.now()
            : false,
        text,
        { polling: 'raf', timeout: 30_000 },
      );
      await a.keyboard.press('Enter');
      const shownAt = (await (await seen).jsonValue()) as number;
      const enterAt = await a.evaluate(() => (window as unknown as { __enterAt: number }).__enterAt);
      latencies.push(shownAt - enterAt);
      // Where the time goes: the row's transaction began at now() on the server (same clock).
      const { rows: written } = await pool.query<{ at: number }>(
        'SELECT extract(epoch FROM received_at) * 1000 AS at FROM message WHERE body = $1',
        [text],
      );
      const writtenAt = Number(written[0]?.at ?? Number.NaN);
      toServer.push(writtenAt - enterAt);
      toOther.push(shownAt - writtenAt);
      await sleep(500);
    }
    const s = summarize(latencies);
    return {
      name: 'two-operators',
      figures: [
        figure(
          'two_operators_p50',
          "Two browsers, idle: operator A's reply (Enter) → painted in operator B's open thread, p50",
          s.p50,
          'ms',
          { op: '<=', value: 100 },
        ),
        figure('two_operators_p99', '… p99', s.p99, 'ms'),
        figure(
          'two_operators_push',
          "… of which Enter → the reply's server transaction begins (outbox, Zero push, mutate), p50",
          summarize(toServer).p50,
          'ms',
        ),
        figure(
          'two_operators_sync',
          "… and the server transaction → painted in B's thread (commit, replication, poke, render), p50",
          summarize(toOther).p50,
          'ms',
        ),
      ],
      details: {
        latencyMs: s,
        enterToTransactionMs: summarize(toServer),
        transactionToPaintMs: summarize(toOther),
        replies: latencies.length,
      },
    };
  } finally {
    await browser.close();
    await pool.end();
    await stopAll([zero, api]);
    await graph.close();
  }
}
