import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireInstanceLock } from '../../server/runtime/instance-lock.ts';

describe('instance lock', () => {
  it('refuses a second instance while the first process lives, naming its pid', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
    const other = spawn('sleep', ['30']);
    writeFileSync(path.join(dir, 'cdesk.pid'), String(other.pid));
    try {
      expect(() => acquireInstanceLock(dir)).toThrow(new RegExp(`already running.*pid ${other.pid}`));
    } finally {
      other.kill();
    }
  });

  it('takes over a stale lock and releases it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
    writeFileSync(path.join(dir, 'cdesk.pid'), '999999');
    const release = acquireInstanceLock(dir);
    expect(() => acquireInstanceLock(dir)).not.toThrow(); // same process may re-acquire
    release();
  });
});
