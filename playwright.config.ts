import { defineConfig } from '@playwright/test';
import { E2E } from './tests/e2e/e2e-env.ts';

// Real Chromium (Debian's, or CHROMIUM_PATH) against the real stack: embedded Postgres, zero-cache, API.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: E2E.baseUrl,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // Every run starts from an empty data dir: a fresh database, migrated and seeded like a new install.
    command: `rm -rf '${E2E.dataDir}' && exec node scripts/start.ts`,
    url: `${E2E.baseUrl}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: E2E.serverEnv,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
});
