import { randomUUID } from 'node:crypto';
import { E2E } from './e2e-env.ts';
import { expect, signIn, signInWithForm, test } from './fixtures.ts';

test('an admin invites an operator, sees them come online, then deactivates them: signed out live', async ({
  browser,
  db,
}) => {
  // Two browsers and several live round trips on a shared 2-core machine: allow more than the default.
  test.slow();
  const token = randomUUID().slice(0, 8);
  const name = `Eva ${token}`;
  const email = `eva-${token}@example.com`;
  const adminCtx = await browser.newContext();
  const evaCtx = await browser.newContext();
  try {
    const admin = await adminCtx.newPage();
    await signInWithForm(admin, E2E.admin);
    await admin.getByTestId('open-settings').click();
    await admin.getByTestId('settings-nav-operators').click();

    await admin.getByTestId('operator-add').click();
    const form = admin.getByTestId('operator-form');
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Email').fill(email);
    await admin.getByTestId('operator-submit').click();
    const inviteUrl = (await admin.getByTestId('invite-url').textContent())?.trim() ?? '';
    expect(inviteUrl).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await admin.keyboard.press('Escape');

    const row = admin.locator('[data-testid="operator-admin-row"]', { hasText: email });
    await expect(row).toBeVisible();
    await expect(row).toContainText('Offline');

    // Eva opens the link, chooses a password and is signed in.
    const eva = await evaCtx.newPage();
    await eva.goto(new URL(inviteUrl).pathname);
    await expect(eva.getByText(`For ${name} (${email})`)).toBeVisible();
    await eva.getByLabel('New password').fill('eva-password-123');
    await eva.getByLabel('Repeat the password').fill('eva-password-123');
    await eva.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(eva.getByTestId('current-operator')).toHaveText(name);

    // Her presence reaches the admin's list live.
    await expect(row).toContainText(/Online|Away/);

    // Deactivated: her browser is signed out at once.
    admin.once('dialog', (d) => void d.accept());
    await row.getByTestId('operator-actions').click();
    await admin.getByTestId('operator-toggle-active').click();
    await expect(row).toContainText('Deactivated');
    await expect(eva.getByRole('button', { name: 'Sign in' })).toBeVisible();

    const { rows } = await db.query(
      `SELECT action FROM audit_log WHERE target = (SELECT 'operator:' || id FROM operator WHERE email = $1) ORDER BY at, id`,
      [email],
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['operator.create', 'operator.password_chosen', 'operator.deactivate']),
    );
    await admin.getByTestId('settings-nav-audit').click();
    await expect(
      admin.locator('[data-testid="audit-row"][data-action="operator.deactivate"]').first(),
    ).toContainText(name);
  } finally {
    await adminCtx.close();
    await evaCtx.close();
  }
});

test('an API token is shown once, works for /api/v1, and stops working when revoked', async ({ page }) => {
  await signIn(page, E2E.admin);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-nav-apiTokens').click();
  await page.getByTestId('token-create').click();
  const tokenName = `E2E ${randomUUID().slice(0, 6)}`;
  await page.getByTestId('token-name').fill(tokenName);
  await page.getByTestId('token-submit').click();
  const token = (await page.getByTestId('token-value').textContent())?.trim() ?? '';
  expect(token).toMatch(/^cdk_/);
  await page.getByRole('button', { name: 'Done' }).click();

  const row = page.locator('[data-testid="token-row"]', { hasText: tokenName });
  await expect(row).toContainText(token.slice(0, 10));
  await expect(page.getByTestId('tokens-table')).not.toContainText(token);

  const auth = { authorization: `Bearer ${token}` };
  expect((await page.request.get('/api/v1/conversations', { headers: auth })).status()).toBe(200);
  page.once('dialog', (d) => void d.accept());
  await row.getByTestId('token-revoke').click();
  await expect(row).toContainText('Revoked');
  const refused = await page.request.get('/api/v1/conversations', { headers: auth });
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ error: { code: 'invalid_token' } });
});
