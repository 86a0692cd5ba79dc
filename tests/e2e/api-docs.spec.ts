import { E2E } from './e2e-env.ts';
import { expect, test } from './fixtures.ts';

// Issue 14.3: the API docs page loaded an unpinned script from a CDN with no CSP. Now it runs under the
// app's CSP from our own pinned copy: it must render, fetch nothing from elsewhere and break no rule.
test('the API docs render from our own origin under the CSP', async ({ page }) => {
  const foreign: string[] = [];
  const violations: string[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol.startsWith('http') && url.origin !== new URL(E2E.baseUrl).origin)
      foreign.push(req.url());
  });
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  const res = await page.goto('/api/v1/docs');
  expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await expect(page.getByText('CDESK Chats API').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('/api/v1/conversations').first()).toBeVisible();
  expect(foreign).toEqual([]);
  expect(violations).toEqual([]);
});
