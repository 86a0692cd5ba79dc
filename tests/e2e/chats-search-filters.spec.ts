import { FIRST_SYNC, insertConversation, uniqueToken } from './chats-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

test('search looks only in the chosen columns and highlights the matches', async ({ page, db }) => {
  const token = uniqueToken();
  const alpha = await insertConversation(db, { name: `Alpha ${token}`, preview: 'About the kiwis' });
  const bravo = await insertConversation(db, {
    name: `Bravo ${token}`,
    preview: `Alpha ${token} told me to write`,
  });
  await signIn(page);
  const rows = page.getByTestId('chat-row');
  await page.getByTestId('chats-search').fill(`alpha ${token}`);
  await expect(rows).toHaveCount(2, { timeout: FIRST_SYNC });
  // Case-insensitive matches are highlighted where they were found.
  await expect(
    page.locator(`[data-conversation-id="${alpha.id}"] [data-column="participant"] mark`),
  ).toHaveText(`Alpha ${token}`);
  await expect(
    page.locator(`[data-conversation-id="${bravo.id}"] [data-column="lastMessage"] mark`),
  ).toHaveText(`Alpha ${token}`);

  // Only the Participant column: the message that merely mentions Alpha no longer matches.
  await page.getByTestId('search-columns-button').click();
  await page.getByRole('checkbox', { name: 'Last message' }).uncheck();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-conversation-id', alpha.id);

  // Only Last message.
  await page.getByRole('checkbox', { name: 'Last message' }).check();
  await page.getByRole('checkbox', { name: 'Participant (name and number)' }).uncheck();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-conversation-id', bravo.id);
  await expect(
    page.locator(`[data-conversation-id="${bravo.id}"] [data-column="participant"] mark`),
  ).toHaveCount(0);

  // Number only: the conversation number finds exactly that conversation.
  await page.getByRole('checkbox', { name: 'Number (conversation ID)' }).check();
  await page.getByRole('checkbox', { name: 'Last message' }).uncheck();
  await page.getByRole('checkbox', { name: 'Business number' }).uncheck();
  await page.getByRole('checkbox', { name: 'Operator' }).uncheck();
  await expect(page.getByRole('checkbox', { name: 'Number (conversation ID)' })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('chats-empty')).toContainText('No conversation matches');
  await page.getByTestId('chats-search').fill(String(alpha.number));
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-conversation-id', alpha.id);
});

test('filters narrow the table, and a saved filter is recalled from the list and deleted', async ({
  page,
  db,
}) => {
  const token = uniqueToken();
  const waiting = await insertConversation(db, { name: `Waiting ${token}`, awaiting: true, unread: 2 });
  const answered = await insertConversation(db, {
    name: `Answered ${token}`,
    direction: 'out',
    status: 'failed',
    error: 'Message undeliverable',
    awaiting: false,
    operatorName: 'Olga Operator',
  });
  await signIn(page);
  const rows = page.getByTestId('chat-row');
  await page.getByTestId('chats-search').fill(token);
  await expect(rows).toHaveCount(2, { timeout: FIRST_SYNC });
  // Ticks: failed shows red with the reason; the waiting one has the lighthouse and its unread count.
  await expect(
    page.locator(`[data-conversation-id="${answered.id}"] [data-status="failed"]`),
  ).toHaveAttribute('aria-label', 'Failed: Message undeliverable');
  await expect(
    page.locator(`[data-conversation-id="${waiting.id}"]`).getByTestId('lighthouse'),
  ).toBeVisible();
  await expect(page.locator(`[data-conversation-id="${waiting.id}"]`).getByTestId('unread-badge')).toHaveText(
    '2',
  );

  await page.getByTestId('filters-button').click();
  const panel = page.getByTestId('filter-panel');
  await panel.getByText('Answered', { exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-conversation-id', answered.id);
  await expect(page.getByTestId('filters-button')).toHaveAccessibleName('Filters (1 active)');
  await panel.getByText('Outgoing', { exact: true }).click();
  await expect(rows).toHaveCount(1);
  await panel.getByText('Incoming', { exact: true }).click();
  await expect(page.getByTestId('chats-empty')).toBeVisible();
  await panel.getByText('Any', { exact: true }).last().click();
  await page.keyboard.press('Escape');

  const name = `Answered ${token}`;
  await page.getByTestId('saved-filters-button').click();
  await page.getByTestId('save-filter-open').click();
  await page.getByTestId('save-filter-name').fill(name);
  await page.getByTestId('save-filter-submit').click();
  await expect(page.getByTestId('saved-filters-button')).toHaveText(`Filter: ${name}`);

  // Clear everything, then recall the saved filter.
  await page.getByRole('button', { name: 'Clear search' }).click();
  await page.getByTestId('filters-button').click();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('chats-search')).toHaveValue('');
  await expect(page.getByTestId('saved-filters-button')).toHaveText('Saved filters');

  await page.getByTestId('saved-filters-button').click();
  await page.getByTestId('saved-filters-list').getByRole('button', { name, exact: true }).click();
  await expect(page.getByTestId('chats-search')).toHaveValue(token);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-conversation-id', answered.id);

  // Kept on the server, not shared.
  const { rows: saved } = await db.query(`SELECT shared, filter FROM saved_filter WHERE name = $1`, [name]);
  expect(saved).toEqual([
    {
      shared: false,
      filter: { search: token, searchColumns: expect.any(Array), filter: { awaitingReply: false } },
    },
  ]);

  await page.getByTestId('saved-filters-button').click();
  await page.getByRole('button', { name: `Delete filter ${name}` }).click();
  await expect(page.getByTestId('saved-filters-list').getByRole('button', { name, exact: true })).toHaveCount(
    0,
  );
  await expect
    .poll(async () => (await db.query(`SELECT 1 FROM saved_filter WHERE name = $1`, [name])).rowCount)
    .toBe(0);
});
