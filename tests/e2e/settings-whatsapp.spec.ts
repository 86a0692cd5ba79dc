import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

test('the WhatsApp link form validates, keeps secrets write-only and shows what Meta needs', async ({
  page,
}) => {
  await signIn(page, E2E.admin);
  await page.getByTestId('open-settings').click();
  const form = page.getByTestId('whatsapp-link-form');
  await expect(form).toBeVisible();

  // The channel's health, live from its row.
  const health = page.getByTestId('channel-health-row').first();
  await expect(health).toHaveAttribute('data-health', 'ok');

  // The webhook URL for Meta's dashboard, with a copy button.
  await expect(page.getByTestId('webhook-url')).toHaveText(`${E2E.baseUrl}/webhooks/whatsapp`);
  await expect(form.getByRole('button', { name: 'Copy' }).first()).toBeVisible();

  // Validation messages, before anything is sent.
  const phoneId = page.getByTestId('link-primary-id');
  const savedId = await phoneId.inputValue();
  await phoneId.fill('+420 777');
  await page.getByTestId('link-save').click();
  await expect(form.getByText(/not the phone number/)).toBeVisible();

  // Meta mode needs every secret that is not stored yet; the secret fields start empty (write-only).
  await phoneId.fill(savedId);
  await form.getByText('Meta Cloud API').click();
  await page.getByTestId('link-graph-url').fill('http://graph.facebook.com/v23.0');
  await page.getByTestId('link-save').click();
  await expect(form.getByText('Enter an https URL, e.g. https://graph.facebook.com/v27.0.')).toBeVisible();
  for (const id of ['link-accessToken', 'link-appSecret', 'link-verifyToken']) {
    await expect(page.getByTestId(id)).toHaveValue('');
  }

  // Back to the simulator and save: nothing else changes.
  await form.getByText('Built-in simulator (no Meta account)').click();
  await page.getByTestId('link-save').click();
  await expect(page.getByTestId('link-status')).toHaveText('Saved.');
  await page.getByTestId('link-test').click();
  await expect(page.getByTestId('link-test-result')).toContainText('Simulator mode');
});

test('admins see a banner in Chats when a business number is broken, live; operators do not', async ({
  browser,
  db,
}) => {
  // Two browsers and several live round trips on a shared 2-core machine: allow more than the default.
  test.slow();
  const adminCtx = await browser.newContext();
  const olgaCtx = await browser.newContext();
  try {
    const admin = await adminCtx.newPage();
    const olga = await olgaCtx.newPage();
    await signIn(admin, E2E.admin);
    await signIn(olga, E2E.operator);
    await expect(admin.getByTestId('chats-table')).toBeVisible();
    await expect(admin.getByTestId('channel-health-banner')).toHaveCount(0);

    await db.query(
      `UPDATE channel SET health = 'token_expired', health_changed_at = now(),
         health_error = 'The access token is expired or was revoked (Meta error 190).' WHERE slot = 1`,
    );
    const banner = admin.getByTestId('channel-health-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('Meta error 190');
    await expect(olga.getByTestId('chats-table')).toBeVisible();
    await expect(olga.getByTestId('channel-health-banner')).toHaveCount(0);

    await banner.getByRole('button', { name: 'Open Global Settings' }).click();
    await expect(admin.getByTestId('channel-health-row').first()).toHaveAttribute(
      'data-health',
      'token_expired',
    );
    await expect(admin.getByTestId('channel-health')).toContainText('Token expired');

    await db.query(
      `UPDATE channel SET health = 'ok', health_error = NULL, health_changed_at = now() WHERE slot = 1`,
    );
    await expect(admin.getByTestId('channel-health-row').first()).toHaveAttribute('data-health', 'ok');
    await admin.getByRole('button', { name: 'Back to Chats' }).click();
    await expect(admin.getByTestId('chats-table')).toBeVisible();
    await expect(admin.getByTestId('channel-health-banner')).toHaveCount(0);
  } finally {
    await db.query(`UPDATE channel SET health = 'ok', health_error = NULL WHERE slot = 1`);
    await adminCtx.close();
    await olgaCtx.close();
  }
});
