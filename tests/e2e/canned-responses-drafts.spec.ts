import { randomUUID } from 'node:crypto';
import { uniqueToken } from './chats-helpers.ts';
import { newConversation, openConversation } from './conversation-helpers.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

test('"/" in the composer finds a canned response and inserts it with the customer’s name filled in', async ({
  page,
  db,
}) => {
  test.setTimeout(120_000);
  const token = uniqueToken();
  // A shared answer kept by an administrator (as saved through the app, below the personal one).
  await db.query(
    `INSERT INTO canned_response (id, owner_id, shortcut, title, body)
     VALUES ($1, NULL, $2, 'Opening hours', 'We are open 9–17, {{customer.name}}. — {{operator.name}}')`,
    [randomUUID(), `hours${token.slice(1, 6)}`],
  );
  const { conversationId } = await newConversation(db, `Jana ${token}`);
  await signIn(page, E2E.operator);
  await openConversation(page, conversationId);
  const box = page.getByTestId('composer-input');

  // An operator adds a personal answer from the "/" menu's "Manage" link.
  await box.fill('/');
  await page
    .getByTestId('canned-suggestions')
    .getByRole('button', { name: 'Manage canned responses' })
    .click();
  const modal = page.getByRole('dialog', { name: 'Canned responses' });
  await modal.getByRole('button', { name: 'New response' }).click();
  await modal.getByLabel('Shortcut (typed after /)').fill(`thx${token.slice(1, 6)}`);
  await modal.getByLabel('Title').fill('Thanks for waiting');
  await modal.getByLabel('Text').fill('Thank you for waiting, {{customer.name}}!');
  await expect(modal.getByRole('switch', { name: 'Shared with the team' })).toBeDisabled();
  await modal.getByRole('button', { name: 'Save' }).click();
  await expect(modal.getByTestId('canned-row').filter({ hasText: 'Thanks for waiting' })).toBeVisible();
  await page.keyboard.press('Escape');

  // Typing narrows the list; the arrow keys choose; Enter inserts (and does not send).
  await box.fill(`/thx${token.slice(1, 4)}`);
  const options = page.getByRole('listbox', { name: 'Canned responses' }).getByRole('option');
  await expect(options).toHaveCount(1);
  await box.press('Enter');
  await expect(box).toHaveValue(`Thank you for waiting, Jana ${token}!`);
  await expect(page.getByTestId('thread-message').filter({ hasText: 'Thank you for waiting' })).toHaveCount(
    0,
  );

  await box.fill('/');
  await expect(options.filter({ hasText: 'Opening hours' })).toBeVisible();
  await box.fill(`/hours${token.slice(1, 6)}`);
  await box.press('Tab');
  await expect(box).toHaveValue(`We are open 9–17, Jana ${token}. — Olga Operator`);
  // Esc closes the menu and leaves the text as typed.
  await box.fill('/nothing-like-this');
  await expect(page.getByTestId('canned-suggestions')).toContainText('No canned response matches.');
  await box.press('Escape');
  await expect(page.getByTestId('canned-suggestions')).toHaveCount(0);
  await expect(box).toHaveValue('/nothing-like-this');
});

test('a draft survives a reload and is gone once sent', async ({ page, db }) => {
  // Three page loads, each a fresh sync, on a shared 2-core machine.
  test.setTimeout(240_000);
  const token = uniqueToken();
  const { conversationId } = await newConversation(db, `Draft ${token}`);
  await signIn(page, E2E.operator);
  await openConversation(page, conversationId);
  const box = page.getByTestId('composer-input');
  await box.fill(`Half-written answer ${token}`);
  await expect
    .poll(
      async () =>
        (await db.query('SELECT body FROM conversation_draft WHERE conversation_id = $1', [conversationId]))
          .rows,
    )
    .toEqual([{ body: `Half-written answer ${token}` }]);

  await page.reload();
  await expect(page.getByTestId('composer-input')).toHaveValue(`Half-written answer ${token}`, {
    timeout: 60_000,
  });

  await page.getByTestId('composer-input').press('Enter');
  await expect(
    page.getByTestId('thread-message').filter({ hasText: `Half-written answer ${token}` }),
  ).toBeVisible();
  await expect(page.getByTestId('composer-input')).toHaveValue('');
  await expect
    .poll(
      async () =>
        (await db.query('SELECT 1 FROM conversation_draft WHERE conversation_id = $1', [conversationId]))
          .rowCount,
    )
    .toBe(0);
  await page.reload();
  await expect(
    page.getByTestId('thread-message').filter({ hasText: `Half-written answer ${token}` }),
  ).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId('composer-input')).toHaveValue('');
});
