import { closeAllTabs, FIRST_SYNC, insertConversation, uniqueToken } from './chats-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

// Long flows through several screens and a reload: generous on a busy 2-core CI machine.
test.describe.configure({ timeout: 180_000 });

test('conversations open from a link, a double-click and the keyboard into tabs that survive a reload', async ({
  page,
  db,
}) => {
  const token = uniqueToken();
  // Newest first: c1 tops the list, then c2, then c3.
  const c1 = await insertConversation(db, { name: `Ann ${token}`, minutesAgo: 1, unread: 1 });
  const c2 = await insertConversation(db, { name: `Ben ${token}`, minutesAgo: 2 });
  const c3 = await insertConversation(db, { name: `Cid ${token}`, minutesAgo: 3 });
  await closeAllTabs(db);
  await signIn(page);
  const rows = page.getByTestId('chat-row');
  await page.getByTestId('chats-search').fill(token);
  await expect(rows).toHaveCount(3, { timeout: FIRST_SYNC });
  const tabs = page.getByTestId('conversation-tab');
  const tabIds = () => tabs.evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation-id')));
  const before = await tabIds();

  // 1. The Last message link.
  await page.locator(`[data-conversation-id="${c1.id}"]`).getByTestId('last-message-link').click();
  await expect(page).toHaveURL(`/conversations/${c1.id}`);
  await expect(
    page.locator(`[data-testid="conversation-tab"][data-conversation-id="${c1.id}"]`),
  ).toContainText(`Ann ${token}`);

  // 2. The dark-blue Chats tab returns to the list (search kept), then a double-click anywhere on a row.
  await page.getByTestId('tab-chats-home').click();
  await expect(page.getByTestId('chats-search')).toHaveValue(token);
  await page.locator(`[data-conversation-id="${c2.id}"] [data-column="createdAt"]`).dblclick();
  await expect(page).toHaveURL(`/conversations/${c2.id}`);

  // 3. Keyboard: arrows move the active row (announced via aria-activedescendant), Enter opens.
  await page.getByTestId('tab-chats-home').click();
  const grid = page.getByTestId('chats-table');
  await expect(rows).toHaveCount(3);
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await expect(grid).toHaveAttribute('aria-activedescendant', `chat-row-${c1.id}`);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown'); // stays on the last row
  await expect(grid).toHaveAttribute('aria-activedescendant', `chat-row-${c3.id}`);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/conversations/${c3.id}`);

  await expect
    .poll(tabIds)
    .toEqual([...before.filter((id) => ![c1.id, c2.id, c3.id].includes(id ?? '')), c1.id, c2.id, c3.id]);
  await expect(page.locator('[data-testid="conversation-tab"][data-active]')).toHaveAttribute(
    'data-conversation-id',
    c3.id,
  );
  // Synced, so they are there after a reload (and on another device).
  await expect
    .poll(
      async () =>
        (await db.query(`SELECT open_tabs FROM operator_preference WHERE operator_id = 'op-admin'`)).rows[0]
          ?.open_tabs,
    )
    .toEqual(expect.arrayContaining([c1.id, c2.id, c3.id]));
  await page.reload();
  await expect(
    page.locator(`[data-testid="conversation-tab"][data-conversation-id="${c2.id}"]`),
  ).toContainText(`Ben ${token}`);
  await expect(page.locator('[data-testid="conversation-tab"][data-active]')).toHaveAttribute(
    'data-conversation-id',
    c3.id,
  );

  // Closing the active tab shows its neighbour; closing the rest leaves the list.
  await page
    .locator(`[data-testid="conversation-tab"][data-conversation-id="${c3.id}"]`)
    .getByRole('button', { name: `Close the tab of Cid ${token}` })
    .click();
  await expect(page).toHaveURL(`/conversations/${c2.id}`);
  for (const c of [c1, c2]) {
    await page
      .locator(`[data-testid="conversation-tab"][data-conversation-id="${c.id}"]`)
      .getByTestId('conversation-tab-close')
      .click();
  }
  await expect(page).toHaveURL('/');
  await expect.poll(tabIds).toEqual(before);
  await page.reload();
  await expect(page.getByTestId('tab-chats-home')).toBeVisible();
  await expect.poll(tabIds).toEqual(before);
});

test('a conversation reached by its address gets a tab', async ({ page, db }) => {
  const token = uniqueToken();
  const c = await insertConversation(db, { name: `Direct ${token}` });
  await signIn(page);
  await page.goto(`/conversations/${c.id}`);
  const tab = page.locator(`[data-testid="conversation-tab"][data-conversation-id="${c.id}"]`);
  await expect(tab).toContainText(`Direct ${token}`, { timeout: FIRST_SYNC });
  await tab.getByTestId('conversation-tab-close').click();
  await expect(tab).toHaveCount(0);
});
