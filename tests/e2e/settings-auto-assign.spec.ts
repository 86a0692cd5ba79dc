import { uniqueToken } from './chats-helpers.ts';
import { conversationOf, customerWrites } from './conversation-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

// Issue 13.3: the admin setting for round-robin assignment, and what it does to a new customer's message.

const randomWaId = () => `42078${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;

test('an admin switches round-robin on with a per-operator limit; a new customer is then assigned to an online operator', async ({
  page,
  db,
}) => {
  test.slow();
  const settings = async () =>
    (
      await db.query<{ auto_assign: boolean; auto_assign_cap: number }>(
        `SELECT auto_assign, auto_assign_cap FROM settings WHERE id = 'global'`,
      )
    ).rows[0];
  try {
    await signIn(page);
    await page.getByTestId('open-settings').click();
    await expect(page.getByTestId('settings-page')).toBeVisible();
    const roundRobin = page.getByRole('switch', { name: 'Assign new customers automatically (round-robin)' });
    await expect(roundRobin).not.toBeChecked();
    await roundRobin.click();
    await expect(roundRobin).toBeChecked();
    await expect.poll(async () => (await settings())?.auto_assign).toBe(true);

    const cap = page.getByRole('textbox', { name: 'Most open conversations per operator' });
    await cap.fill('0');
    await cap.blur();
    // Out of range: not saved, the saved limit comes back.
    await expect(cap).not.toHaveValue('0');
    await cap.fill('500');
    await cap.press('Enter');
    await expect.poll(async () => (await settings())?.auto_assign_cap).toBe(500);

    // The admin's browser is open, so they are online: a new customer's conversation goes to someone online.
    const token = uniqueToken();
    const waId = randomWaId();
    await customerWrites(page, waId, `Round robin ${token}`, `hello ${token}`);
    const id = await conversationOf(db, waId);
    await expect
      .poll(
        async () =>
          (
            await db.query<{ assignee_id: string | null; presence: string | null }>(
              `SELECT c.assignee_id, o.presence FROM conversation c LEFT JOIN operator o ON o.id = c.assignee_id
                WHERE c.id = $1`,
              [id],
            )
          ).rows[0],
      )
      .toMatchObject({ assignee_id: expect.any(String), presence: 'online' });

    await roundRobin.click();
    await expect.poll(async () => (await settings())?.auto_assign).toBe(false);
  } finally {
    // Other specs expect new conversations unassigned.
    await db.query(`UPDATE settings SET auto_assign = false WHERE id = 'global'`);
  }
});
