import { test as base, expect, type Page } from '@playwright/test';
import pg from 'pg';
import { E2E } from './e2e-env.ts';

/**
 * Signs in through the API (the context's cookie jar keeps the session cookie) and opens the app: the
 * sign-in form itself is exercised by settings-operators.spec.ts; here it would only cost every test time.
 */
export async function signIn(page: Page, who: { email: string; password: string } = E2E.admin) {
  const res = await page.request.post('/api/auth/login', { data: who });
  expect(res.status(), await res.text()).toBe(200);
  await page.goto('/');
  await expect(page.getByTestId('current-operator')).toBeVisible();
}

/** Signs in the way a person does: the form, a wrong password first, then the right one. */
export async function signInWithForm(page: Page, who: { email: string; password: string } = E2E.admin) {
  await page.goto('/');
  await page.getByLabel('Email').fill(who.email);
  await page.locator('input[type="password"]').fill(`${who.password}-wrong`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.locator('input[type="password"]').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-operator')).toBeVisible();
}

/** A session cookie of the admin, for server-side calls outside a browser (the simulator's API). */
export async function adminCookie(): Promise<string> {
  const res = await fetch(`${E2E.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(E2E.admin),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/**
 * Direct Postgres access to the running stack's database, for server-side arrangements and checks; and
 * `request` signed in as the admin (the simulator's customer API is for signed-in operators).
 */
export const test = base.extend<{ db: pg.Pool }>({
  request: async ({ playwright, baseURL }, use) => {
    const request = await playwright.request.newContext({
      ...(baseURL ? { baseURL } : {}),
      extraHTTPHeaders: { cookie: await adminCookie() },
    });
    await use(request);
    await request.dispose();
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
  db: async ({}, use) => {
    const pool = new pg.Pool({ connectionString: E2E.databaseUrl, max: 4 });
    await use(pool);
    await pool.end();
  },
});

export { expect };
