import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

// Issue 12: the Chats route loads only what the table needs. Chunks are named after their modules
// (client/app/lazy-screens.ts), so the scripts a page fetched say which screens' code it loaded.
const chunk = (urls: string[], name: string) =>
  urls.some((u) => new RegExp(`/assets/${name}-[\\w-]+\\.js$`).test(u));

test('the Chats route fetches neither the settings nor the simulator code; Settings fetches its own', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await signIn(page, E2E.admin);
  await expect(page.getByTestId('chats-table')).toBeVisible();
  await expect(page.getByTestId('summary-panel')).toBeVisible();
  // Once idle, the page fetches the conversation screen in advance (a double-click then never waits).
  await expect.poll(() => chunk(scripts, 'conversation-view'), { timeout: 15_000 }).toBe(true);
  for (const name of [
    'settings-page',
    'simulator-page',
    'operators-table',
    'login-page',
    'accept-invite-page',
  ]) {
    expect(chunk(scripts, name), `${name} fetched on the Chats route`).toBe(false);
  }

  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  expect(chunk(scripts, 'settings-page')).toBe(true);
  expect(chunk(scripts, 'simulator-page')).toBe(false);
});

test('the service worker keeps every chunk of the release, so any screen opens after an offline reload', async ({
  page,
}) => {
  await signIn(page, E2E.admin);
  await expect(page.getByTestId('chats-table')).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 60_000 })
    .toBe(true);
  const cached = () =>
    page.evaluate(async () => {
      const cache = await caches.open('cdesk-shell-v1');
      return (await cache.keys()).map((r) => r.url);
    });
  // Never fetched on this route, yet kept: precached from Vite's manifest when the worker installed.
  await expect.poll(async () => chunk(await cached(), 'settings-page'), { timeout: 30_000 }).toBe(true);
  expect(chunk(await cached(), 'simulator-page')).toBe(true);
});

test('the session is asked for by the page head, while the scripts load', async ({ page }) => {
  await signIn(page, E2E.admin);
  await expect(page.getByTestId('chats-table')).toBeVisible();
  // The preload in index.html is the first request for it, made before the app's script has even loaded; the
  // app's fetch takes its answer. (The e2e stack serves a development build, where React's StrictMode runs the
  // app's effects twice: the second run asks again.)
  const entries = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => new URL(e.name).pathname === '/api/auth/session')
      .map((e) => ({ by: e.initiatorType, at: e.startTime })),
  );
  const appScript = await page.evaluate(
    () =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) =>
        /\/assets\/index-[\w-]+\.js$/.test(e.name),
      )?.responseEnd ?? Number.POSITIVE_INFINITY,
  );
  expect(entries[0]?.by).toBe('link');
  expect(entries[0]?.at ?? Number.POSITIVE_INFINITY).toBeLessThan(appScript);
});
