import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

test('an admin switches the Chats module off and on; a second operator’s browser follows live', async ({
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
    await expect(olga.getByTestId('chats-table')).toBeVisible();
    await expect(olga.getByTestId('tab-chats-home')).toBeVisible();

    // Global Settings > Omnichannel > Chats, from the header (admins only).
    await expect(olga.getByTestId('open-settings')).toHaveCount(0);
    await admin.getByTestId('open-settings').click();
    await expect(admin.getByTestId('settings-page')).toBeVisible();
    const moduleSwitch = admin.getByRole('switch', { name: 'Chats (WhatsApp) module' });
    await expect(moduleSwitch).toBeChecked();

    // Switching off asks first; keeping it on changes nothing.
    const confirm = admin.getByRole('dialog', { name: 'Switch the Chats module off?' });
    await moduleSwitch.click();
    await confirm.getByRole('button', { name: 'Keep it on' }).click();
    await expect(confirm).toBeHidden();
    await expect(moduleSwitch).toBeChecked();
    await moduleSwitch.click();
    await confirm.getByRole('button', { name: 'Switch off' }).click();
    await expect(moduleSwitch).not.toBeChecked();
    // Olga's browser: the module and its tabs disappear without a reload.
    await expect(olga.getByTestId('module-disabled')).toBeVisible();
    await expect(olga.getByTestId('chats-table')).toHaveCount(0);
    await expect(olga.getByTestId('tab-chats-home')).toHaveCount(0);
    // The admin keeps Global Settings.
    await expect(admin.getByTestId('settings-page')).toBeVisible();

    await moduleSwitch.click();
    await expect(moduleSwitch).toBeChecked();
    await expect(olga.getByTestId('chats-table')).toBeVisible();
    await expect(olga.getByTestId('tab-chats-home')).toBeVisible();
    await expect(olga.getByTestId('module-disabled')).toHaveCount(0);

    const { rows } = await db.query(
      `SELECT details FROM audit_log WHERE action = 'settings.chats_module' ORDER BY at DESC LIMIT 2`,
    );
    expect(rows.map((r) => r.details.chatsEnabled.to)).toEqual([true, false]);
  } finally {
    await db.query('UPDATE settings SET chats_enabled = true');
    await adminCtx.close();
    await olgaCtx.close();
  }
});
