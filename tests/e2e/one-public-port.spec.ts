import { once } from 'node:events';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import pg from 'pg';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

// Issue 14: zero-cache's change-streamer listened on every interface without authentication, and its
// sync port beside it; the embedded Postgres was postgres/postgres and the replica world-readable.
// These read what the running stack (scripts/start.ts) actually does, from /proc and the data dir.

type Listener = { address: string; port: number; loopback: boolean; inode: string };

/** Every listening TCP socket of this network namespace (/proc/net/tcp and tcp6, state 0A = LISTEN). */
function listeners(): Listener[] {
  const found: Listener[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [hexAddress = '', hexPort = ''] = (cols[1] ?? '').split(':');
      if (cols[3] !== '0A') continue;
      found.push({
        address: hexAddress,
        port: Number.parseInt(hexPort, 16),
        loopback: isLoopback(hexAddress),
        inode: cols[9] ?? '',
      });
    }
  }
  return found;
}

/** Kernel hex, little-endian per 32-bit word: 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104. */
function isLoopback(hex: string): boolean {
  if (hex.length === 8) return hex.slice(6, 8) === '7F';
  if (hex === '00000000000000000000000001000000') return true;
  return hex.startsWith('0000000000000000FFFF0000') && hex.slice(30, 32) === '7F';
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function processes(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

function socketInodesOf(pid: number): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const link = (() => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          return '';
        }
      })();
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m?.[1]) inodes.add(m[1]);
    }
  } catch {
    // the process ended meanwhile
  }
  return inodes;
}

test('only the public port listens beyond loopback; zero-cache and Postgres listen on loopback', async () => {
  const publicPort = new URL(E2E.baseUrl).port ? Number(new URL(E2E.baseUrl).port) : 80;
  const all = listeners();
  const api = all.find((l) => l.port === publicPort);
  expect(api, 'the API listens on the public port').toBeTruthy();
  // The stack is the process tree of scripts/start.ts, the API's parent.
  const apiPid = processes().find((pid) => socketInodesOf(pid).has(api?.inode ?? ''));
  expect(apiPid).toBeTruthy();
  const root = parentOf(apiPid as number);
  const pids = processes();
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const pid of pids) {
      if (tree.has(pid)) continue;
      try {
        if (tree.has(parentOf(pid))) {
          tree.add(pid);
          grew = true;
        }
      } catch {
        // the process ended meanwhile
      }
    }
  }
  const inodes = new Set([...tree].flatMap((pid) => [...socketInodesOf(pid)]));
  const ours = all.filter((l) => inodes.has(l.inode));
  const ports = new Set(ours.map((l) => l.port));
  // What the stack runs, so that the check below is not vacuous.
  for (const port of [publicPort, E2E.zeroPort, E2E.zeroPort + 1, E2E.pgPort]) expect(ports).toContain(port);
  const exposed = ours.filter((l) => !l.loopback).map((l) => l.port);
  expect([...new Set(exposed)]).toEqual([publicPort]);
});

test('the data directory, replica and secrets are the owner’s only; postgres/postgres is refused', async () => {
  const mode = (p: string) => statSync(p).mode & 0o777;
  expect(mode(E2E.dataDir)).toBe(process.getuid?.() === 0 ? 0o710 : 0o700);
  expect(mode(path.join(E2E.dataDir, 'local-secrets.json'))).toBe(0o600);
  expect(mode(path.join(E2E.dataDir, 'zero-replica.db'))).toBe(0o600);
  const client = new pg.Client({
    host: '127.0.0.1',
    port: E2E.pgPort,
    user: 'postgres',
    password: 'postgres',
    database: 'cdesk',
  });
  const code = await client.connect().then(
    () => 'connected',
    (err: { code?: string }) => err.code,
  );
  await client.end().catch(() => {});
  expect(code).toBe('28P01');
});

test('a page on another port of the same host can neither open the sync websocket nor sign the operator out', async ({
  page,
  context,
}) => {
  await signIn(page);
  // Another origin on the same host: the browser still sends the SameSite=Lax session cookie there
  // (same site), so only the Origin check stands in the way.
  const elsewhere = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>elsewhere</title>');
  });
  elsewhere.listen(0, '127.0.0.1');
  await once(elsewhere, 'listening');
  try {
    const attacker = await context.newPage();
    await attacker.goto(`http://localhost:${(elsewhere.address() as AddressInfo).port}/`);
    const app = new URL(E2E.baseUrl);
    const socketUrl = `ws://${app.host}/zero/sync/v51/connect?clientID=e2e&clientGroupID=e2e&ts=1&lmid=0`;
    const openSocket = (p: Page) =>
      p.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(url);
            ws.onopen = () => {
              ws.close();
              resolve('opened');
            };
            ws.onerror = () => resolve('refused');
          }),
        socketUrl,
      );
    expect(await openSocket(attacker)).toBe('refused');
    // The same socket from the app's own page reaches zero-cache (which then closes it: no Zero handshake).
    expect(await openSocket(page)).toBe('opened');

    await attacker.evaluate(
      (url) =>
        fetch(url, { method: 'POST', credentials: 'include', mode: 'no-cors' }).then(
          () => 'sent',
          () => 'failed',
        ),
      `${E2E.baseUrl}/api/auth/logout`,
    );
    expect((await page.request.get('/api/auth/session')).status()).toBe(200);
    await expect(page.getByTestId('current-operator')).toBeVisible();
  } finally {
    elsewhere.close();
  }
});
