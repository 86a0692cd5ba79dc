import { sweepPresence } from '../../server/operators/presence-sweeper.ts';
import { FIRST_SYNC } from './chats-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

test('the Operators tab shows login status live and has its own persisted column chooser', async ({
  page,
  db,
}) => {
  await signIn(page);
  await page.getByTestId('tab-operators').click();
  await expect(page).toHaveURL('/operators');
  // No filtering on the Operators tab, as the product describes.
  await expect(page.getByTestId('filters-button')).toHaveCount(0);
  await expect(page.getByTestId('chats-search')).toHaveCount(0);

  const rita = page.locator('[data-operator-id="op-rita"]');
  await expect(rita).toContainText('rita@demo.cdesk.local', { timeout: FIRST_SYNC });
  await expect(rita).toContainText('Read-only');
  await db.query(`UPDATE operator SET presence = 'online', last_seen_at = now() WHERE id = 'op-rita'`);
  await expect(rita.getByTestId('operator-presence')).toHaveText('Online');
  await db.query(`UPDATE operator SET presence = 'away', last_seen_at = now() WHERE id = 'op-rita'`);
  await expect(rita.getByTestId('operator-presence')).toHaveText('Away');
  // Connected operators were last active now.
  await expect(rita.locator('[data-column="lastSeen"]')).toHaveText('now');
  // A presence nobody refreshed for long turns offline with the server's sweep, last seen when last heard.
  await db.query(
    `UPDATE operator SET presence = 'online', last_seen_at = now() - interval '1 hour' WHERE id = 'op-rita'`,
  );
  await db.query(
    `INSERT INTO private.operator_heartbeat (operator_id, heard_at) VALUES ('op-rita', now() - interval '10 minutes')
     ON CONFLICT (operator_id) DO UPDATE SET heard_at = EXCLUDED.heard_at`,
  );
  await sweepPresence(db);
  await expect(rita.getByTestId('operator-presence')).toHaveText('Offline');
  await expect(rita.locator('[data-column="lastSeen"]')).toHaveText(/^(9|10) minutes ago$/);

  await page.getByTestId('operators-columns-button').click();
  await page.getByRole('checkbox', { name: 'Email' }).uncheck();
  await page.getByRole('button', { name: 'Move Login status up' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('operators-header-email')).toHaveCount(0);
  await expect
    .poll(
      async () =>
        (await db.query(`SELECT operators_columns FROM operator_preference WHERE operator_id = 'op-admin'`))
          .rows[0]?.operators_columns,
    )
    .toEqual(['name', 'id', '-email', 'presence', 'role', 'lastSeen']);
  await page.reload();
  const headers = page.locator('[data-testid^="operators-header-"]');
  await expect(headers).toHaveText(['Name', 'ID', 'Login status', 'Role and permissions', 'Last seen']);

  await page.getByTestId('operators-columns-button').click();
  await page.getByRole('button', { name: 'Reset to default' }).click();
  await expect(headers).toHaveCount(6);
});
