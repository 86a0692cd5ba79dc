import { AxeBuilder } from '@axe-core/playwright';
import { FIRST_SYNC, headerIds, insertConversation, uniqueToken } from './chats-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

test('columns hidden, shown and reordered are kept across a reload (synced preference)', async ({
  page,
  db,
}) => {
  await signIn(page);
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });
  expect((await headerIds(page)).slice(0, 5)).toEqual([
    'number',
    'source',
    'businessNumber',
    'operator',
    'assignee',
  ]);

  await page.getByTestId('chats-columns-button').click();
  const chooser = page.getByTestId('chats-columns-button-dropdown');
  await chooser.getByRole('checkbox', { name: 'Source' }).uncheck();
  await chooser.getByRole('checkbox', { name: 'Business number' }).uncheck();
  await chooser.getByRole('button', { name: 'Move Participant up' }).click();
  await chooser.getByRole('button', { name: 'Move Participant up' }).click();
  await expect(page.getByTestId('column-header-source')).toHaveCount(0);
  expect((await headerIds(page)).slice(0, 3)).toEqual(['number', 'participant', 'operator']);
  // Drag and drop: Last message onto Number puts it first.
  await chooser.getByTestId('column-option-lastMessage').dragTo(chooser.getByTestId('column-option-number'));
  expect((await headerIds(page)).slice(0, 4)).toEqual(['lastMessage', 'number', 'participant', 'operator']);
  await page.keyboard.press('Escape');
  // Synced: the layout is in the operator's row on the server (so it follows them to another device).
  await expect
    .poll(async () => {
      const { rows } = await db.query(
        `SELECT chats_columns FROM operator_preference WHERE operator_id = 'op-admin'`,
      );
      const saved = (rows[0]?.chats_columns as string[] | undefined) ?? [];
      return saved.filter((c) => !c.startsWith('-')).slice(0, 4);
    })
    .toEqual(['lastMessage', 'number', 'participant', 'operator']);

  await page.reload();
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });
  // The local store may paint its last snapshot first; the synced layout follows within moments.
  await expect
    .poll(() => headerIds(page))
    .toEqual([
      'lastMessage',
      'number',
      'participant',
      'operator',
      'assignee',
      'messageStatus',
      'lastMessageDate',
      'conversationStatus',
      'direction',
      'createdAt',
    ]);
  await expect(page.getByTestId('chat-row').first().locator('[data-column="source"]')).toHaveCount(0);

  // Shown again, and reset restores the default order.
  await page.getByTestId('chats-columns-button').click();
  await chooser.getByRole('checkbox', { name: 'Source' }).check();
  await expect(page.getByTestId('column-header-source')).toBeVisible();
  await chooser.getByRole('button', { name: 'Reset to default' }).click();
  await expect.poll(() => headerIds(page)).toHaveLength(12);
  expect((await headerIds(page))[0]).toBe('number');
});

test('sorting by a column header, and header tooltips', async ({ page, db }) => {
  const token = uniqueToken();
  // Newest first by default: Mia, then Ann, then Zoe.
  await insertConversation(db, { name: `Mia ${token}`, minutesAgo: 1 });
  await insertConversation(db, { name: `Ann ${token}`, minutesAgo: 2 });
  await insertConversation(db, { name: `Zoe ${token}`, minutesAgo: 3 });
  await signIn(page);
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });
  await page.getByTestId('chats-search').fill(token);
  const rows = page.getByTestId('chat-row');
  const names = () => rows.locator('[data-column="participant"] p:first-child').allTextContents();
  // The first sync after sign-in can take long on a busy machine (FIRST_SYNC); later changes are quick.
  await expect.poll(names, { timeout: FIRST_SYNC }).toEqual([`Mia ${token}`, `Ann ${token}`, `Zoe ${token}`]);
  const header = page.getByTestId('column-header-participant');
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(names).toEqual([`Zoe ${token}`, `Mia ${token}`, `Ann ${token}`]);
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(names).toEqual([`Ann ${token}`, `Mia ${token}`, `Zoe ${token}`]);
  await header.getByRole('button').hover();
  await expect(page.getByRole('tooltip')).toHaveText('The customer');
  // Back to the default sort for the specs that follow (the sort is kept per browser tab only).
  await page.getByTestId('column-header-lastMessageDate').getByRole('button').click();
  await expect(page.getByTestId('column-header-lastMessageDate')).toHaveAttribute('aria-sort', 'descending');
});

test('the table scrolls horizontally when the columns overflow, e.g. on a portrait tablet', async ({
  page,
}) => {
  await page.setViewportSize({ width: 800, height: 1280 });
  await signIn(page);
  const table = page.getByTestId('chats-table');
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });
  const { scrollWidth, clientWidth } = await table.evaluate((el) => ({
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
  }));
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  await table.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await expect(page.getByTestId('column-header-createdAt')).toBeInViewport();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`Chats and Operators pass an axe check (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await signIn(page);
    await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });
    await expect(page.getByTestId('summary-panel')).toBeVisible();
    const chats = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      chats.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);

    await page.getByTestId('filters-button').click();
    await expect(page.getByTestId('filter-panel')).toBeVisible();
    const panel = await new AxeBuilder({ page }).include('[data-testid="filter-panel"]').analyze();
    expect(panel.violations.map((v) => v.id)).toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByTestId('tab-operators').click();
    await expect(page.getByTestId('operator-row').first()).toBeVisible();
    const ops = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      ops.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  });
}
