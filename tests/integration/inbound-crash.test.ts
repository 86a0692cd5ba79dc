// A crash of the API process at any instant between receipt and commit (and right after the commit,
// before the 200 went out), then Meta's retry: nothing lost, nothing doubled, counters equal a recount.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import { snapshot } from '../support/db-snapshot.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import {
  fixtureMessage,
  fixtureStatus,
  messagesChange,
  messagesWebhook,
  statusesChange,
  statusesWebhook,
  webhookEnvelope,
} from '../support/webhook-fixtures.ts';
import { APP_SECRET, createHarness, insertOutbound, recountStats } from './inbound-harness.ts';

const T0 = 1_760_000_000;
const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'inbound-support/crash-child.ts');
const dbs: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.drop()));
});

// A realistic batch: a new customer (text, photo, a reaction), an existing one, and statuses.
const body = webhookEnvelope([
  messagesChange(
    [
      fixtureMessage.text('New here: my parcel is damaged', {
        from: '420611000001',
        wamid: 'wamid.CRASH1',
        timestamp: T0 + 100,
      }),
      fixtureMessage.image({
        from: '420611000001',
        wamid: 'wamid.CRASH2',
        caption: 'See',
        timestamp: T0 + 101,
      }),
      fixtureMessage.reaction('wamid.CRASH1', '😢', {
        from: '420611000001',
        wamid: 'wamid.CRASH3',
        timestamp: T0 + 102,
      }),
      fixtureMessage.text('Any news?', { from: '420611000002', wamid: 'wamid.CRASH4', timestamp: T0 + 103 }),
    ],
    { names: { '420611000001': 'Nela Nová', '420611000002': 'Petr Starý' } },
  ),
  statusesChange([
    fixtureStatus.delivered('wamid.CRASHOUT', { timestamp: T0 + 50 }),
    fixtureStatus.read('wamid.CRASHOUT', { timestamp: T0 + 51 }),
  ]),
]);
const text = serializeLikeMeta(body);
const signature = signWebhookBody(text, APP_SECRET);
const dir = mkdtempSync(path.join(tmpdir(), 'cdesk-crash-'));
const bodiesFile = path.join(dir, 'bodies.json');
writeFileSync(bodiesFile, JSON.stringify([{ text, signature }]));

/** The state before the crashing request: one existing customer with an outbound message. */
async function prepare() {
  const db = await createTestDatabase();
  dbs.push(db);
  const h = await createHarness(db);
  const first = webhookEnvelope([
    messagesChange([
      fixtureMessage.text('Hello', { from: '420611000002', wamid: 'wamid.CRASH0', timestamp: T0 }),
    ]),
  ]);
  expect((await h.post(first)).status).toBe(200);
  const { rows } = await db.pool.query('SELECT id FROM conversation');
  await insertOutbound(db, rows[0].id, 'wamid.CRASHOUT', { id: 'out-crash', at: new Date((T0 + 40) * 1000) });
  return { db, h };
}

function runChild(
  url: string,
  pauseAt: string,
  bodies = bodiesFile,
): Promise<{ proc: ChildProcess; line: string }> {
  const proc = spawn(process.execPath, [child, url, bodies, APP_SECRET, pauseAt], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr?.on('data', (d) => {
    err += String(d);
  });
  return new Promise((resolve, reject) => {
    proc.stdout?.on('data', (d) => {
      out += String(d);
      const line = out.split('\n').find((l) => l.startsWith('PAUSED') || l.startsWith('DONE'));
      if (line) resolve({ proc, line });
    });
    proc.on('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

const killed = (proc: ChildProcess) =>
  new Promise<void>((resolve) => {
    proc.on('exit', () => resolve());
    proc.kill('SIGKILL');
  });

describe('crash between receipt and commit, then Meta retries', () => {
  it('loses nothing and doubles nothing, whichever statement the process dies at', async () => {
    // Reference: the same request applied without a crash.
    const ref = await prepare();
    expect((await ref.h.post(text, { raw: true })).status).toBe(200);
    const expected = await snapshot(ref.db);
    expect(expected.messages.filter((m) => m.direction === 'in')).toHaveLength(4);
    expect(expected.reactions).toHaveLength(1);

    // How many statements the request runs (the child also proves the real handler answers 200).
    const probe = await prepare();
    const done = await runChild(probe.db.url, 'never');
    const [, status, count] = done.line.split(' ');
    expect(status).toBe('200');
    const statements = Number(count);
    expect(statements).toBeGreaterThan(5);

    const points = [...Array.from({ length: statements }, (_, i) => String(i + 1)), 'after-commit'];
    for (const point of points) {
      const { db, h } = await prepare();
      const { proc, line } = await runChild(db.url, point);
      expect(line).toBe(`PAUSED ${point}`);
      await killed(proc);
      // Until the commit, nothing of the request is visible; after it, all of it.
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS n FROM message WHERE wamid LIKE 'wamid.CRASH_'`,
      );
      expect(rows[0].n, `after a kill at ${point}`).toBe(point === 'after-commit' ? 4 : 1);
      // Meta did not get its 200: it retries.
      expect((await h.post(text, { raw: true })).status).toBe(200);
      const actual = await snapshot(db);
      expect(actual, `after a kill at ${point}`).toEqual(expected);
      expect(actual.stats).toEqual(await recountStats(db));
    }
  }, 240_000); // a child process per kill point: slow on a shared machine
});

describe('crash after a group commit, before any of its answers went out', () => {
  it('Meta retries every body of the batch: each effect once, counters equal a recount', async () => {
    const bodies = [
      messagesWebhook([
        fixtureMessage.text('First', { from: '420611000011', wamid: 'wamid.G1', timestamp: T0 + 200 }),
      ]),
      messagesWebhook([
        fixtureMessage.text('Second', { from: '420611000011', wamid: 'wamid.G2', timestamp: T0 + 201 }),
        fixtureMessage.reaction('wamid.G1', '👍', {
          from: '420611000011',
          wamid: 'wamid.G3',
          timestamp: T0 + 202,
        }),
      ]),
      messagesWebhook([
        fixtureMessage.text('Still here', { from: '420611000002', wamid: 'wamid.G4', timestamp: T0 + 203 }),
      ]),
      messagesWebhook([
        fixtureMessage.text('First', { from: '420611000011', wamid: 'wamid.G1', timestamp: T0 + 200 }),
      ]),
      statusesWebhook([
        fixtureStatus.delivered('wamid.CRASHOUT', { timestamp: T0 + 60 }),
        fixtureStatus.read('wamid.CRASHOUT', { timestamp: T0 + 61 }),
      ]),
      messagesWebhook([
        fixtureMessage.image({ from: '420611000012', wamid: 'wamid.G5', timestamp: T0 + 204 }),
      ]),
    ].map((b) => serializeLikeMeta(b));
    const file = path.join(dir, 'group.json');
    writeFileSync(
      file,
      JSON.stringify(bodies.map((t) => ({ text: t, signature: signWebhookBody(t, APP_SECRET) }))),
    );

    const ref = await prepare();
    for (const t of bodies) expect((await ref.h.post(t, { raw: true })).status).toBe(200);
    const expected = await snapshot(ref.db);

    const { db, h } = await prepare();
    const events = async () =>
      (await db.pool.query('SELECT count(*)::int AS n FROM private.webhook_event')).rows[0].n as number;
    const before = await events();
    const { proc, line } = await runChild(db.url, 'after-commit', file);
    expect(line).toBe('PAUSED after-commit');
    await killed(proc);
    // The first commit held every body of the burst: one transaction for all of them.
    expect(await events()).toBe(before + bodies.length);
    // No answer went out: Meta retries all of them, in parallel.
    const retried = await Promise.all(bodies.map((t) => h.post(t, { raw: true }).then((r) => r.status)));
    expect(retried).toEqual(bodies.map(() => 200));
    const actual = await snapshot(db);
    expect(actual).toEqual(expected);
    expect(actual.stats).toEqual(await recountStats(db));
  }, 60_000);
});
