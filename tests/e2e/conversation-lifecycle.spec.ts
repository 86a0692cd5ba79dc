import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { FIRST_SYNC, insertConversation, uniqueToken } from './chats-helpers.ts';
import { conversationOf, customerWrites, newConversation, openConversation } from './conversation-helpers.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

// Issue 13 items 2, 3 and 10 as an operator meets them: resolve, snooze, reopen and assign from the
// thread header, the table's selection and the keyboard, all through the same registered actions.

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const axeViolations = async (page: Page, selector: string) => {
  const result = await new AxeBuilder({ page }).include(selector).withTags(AXE_TAGS).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
};
const state = (page: Page) => page.getByTestId('conversation-state');
const thread = (page: Page) => page.getByTestId('message-thread');
const randomWaId = () => `42077${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;

test.use({ viewport: { width: 1600, height: 900 } });

test('resolve from the header and the keyboard; the customer’s next message reopens; snooze until the reply', async ({
  page,
  db,
}) => {
  test.setTimeout(180_000);
  const token = uniqueToken();
  const waId = randomWaId();
  const name = `Lifecycle ${token}`;
  await signIn(page);
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });
  await customerWrites(page, waId, name, `first ${token}`);
  const id = await conversationOf(db, waId);
  await openConversation(page, id);

  await expect(state(page)).toHaveText('Open');
  expect(await axeViolations(page, '[data-testid="lifecycle-bar"]')).toEqual([]);
  await expect(page.getByTestId('command-resolve')).toHaveAttribute('aria-keyshortcuts', 'E');
  await page.getByTestId('command-resolve').click();
  await expect(state(page)).toHaveText('Resolved');
  await expect(thread(page).locator('[data-testid="system-event"][data-kind="resolved"]')).toContainText(
    'Ada Admin resolved the conversation',
  );

  // The customer writes again: open again, said in the thread.
  await customerWrites(page, waId, name, `second ${token}`);
  await expect(state(page)).toHaveText('Open');
  await expect(thread(page).locator('[data-testid="system-event"][data-kind="reopened"]')).toContainText(
    'the customer wrote',
  );

  // Snooze until the customer replies, then the reply reopens it.
  await page.getByTestId('command-snooze').click();
  await page.getByTestId('command-item-snooze.untilReply').click();
  await expect(state(page)).toHaveText('Snoozed until the customer replies');
  await customerWrites(page, waId, name, `third ${token}`);
  await expect(state(page)).toHaveText('Open');

  // The keyboard: not while typing in the composer, then E resolves and Shift+E reopens.
  const composer = page.getByTestId('composer').locator('textarea');
  await composer.click();
  await page.keyboard.press('e');
  await expect(composer).toHaveValue('e');
  await expect(state(page)).toHaveText('Open');
  await composer.fill('');
  await thread(page).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('e');
  await expect(state(page)).toHaveText('Resolved');
  await page.keyboard.press('Shift+E');
  await expect(state(page)).toHaveText('Open');
  await expect(
    thread(page).locator('[data-testid="system-event"][data-kind="reopened"]').last(),
  ).toContainText('Ada Admin reopened the conversation');
});

test('assign to me, transfer to Olga, unassign: each shown in the thread', async ({ page, db }) => {
  test.setTimeout(180_000);
  const token = uniqueToken();
  const { conversationId } = await newConversation(db, `Owner ${token}`);
  await signIn(page);
  await openConversation(page, conversationId);
  const control = page.getByTestId('assignee-control');
  await expect(control).toHaveText('Assignee: unassigned');

  await control.click();
  await page.getByTestId('command-item-assign.me').click();
  await expect(control).toHaveText('Assignee: Ada Admin');
  await expect(thread(page).locator('[data-testid="system-event"][data-kind="assigned"]')).toContainText(
    'Ada Admin took the conversation',
  );

  await control.click();
  await page.getByTestId('command-item-assign.to-op-olga').click();
  await expect(control).toHaveText('Assignee: Olga Operator');
  await expect(
    thread(page).locator('[data-testid="system-event"][data-kind="assigned"]').last(),
  ).toContainText('Ada Admin assigned the conversation to Olga Operator');

  // The keyboard opens the same menu.
  await thread(page).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('a');
  await expect(page.getByTestId('assign-menu')).toBeVisible();
  await page.getByTestId('command-item-unassign').click();
  await expect(control).toHaveText('Assignee: unassigned');
  await expect(thread(page).locator('[data-testid="system-event"][data-kind="unassigned"]')).toContainText(
    'Ada Admin unassigned the conversation',
  );
});

test('“?” lists every command with its keys', async ({ page, db }) => {
  test.setTimeout(120_000);
  const { conversationId } = await newConversation(db, `Help ${uniqueToken()}`);
  await signIn(page);
  await openConversation(page, conversationId);
  await thread(page).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const [action, keys] of [
    ['resolve', 'E'],
    ['reopen', 'ShiftE'],
    ['snooze', 'S'],
    ['assign.me', 'I'],
    ['assign.other', 'A'],
    ['unassign', 'ShiftA'],
    ['nextUnread', 'N'],
    ['focusSearch', '/'],
    ['cannedReply', 'C'],
    ['help', '?'],
  ] as const) {
    await expect(help.locator(`[data-action="${action}"] td`).last()).toHaveText(keys);
  }
  await expect(help.locator('[data-action="snooze.untilReply"]')).toContainText('No shortcut');
  expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // C starts a canned response: the empty draft becomes "/", which opens the composer's "/" menu.
  await thread(page).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('c');
  const composer = page.getByTestId('composer').locator('textarea');
  await expect(composer).toHaveValue('/');
  await expect(composer).toBeFocused();
});

test('the table: two resolved at once, the state column, Mine and Unassigned, resolved ones still found', async ({
  page,
  db,
}) => {
  test.setTimeout(180_000);
  const token = uniqueToken();
  for (const [name, minutesAgo] of [
    [`Anna ${token}`, 1],
    [`Bert ${token}`, 2],
    [`Cleo ${token}`, 3],
  ] as const) {
    await insertConversation(db, { name, minutesAgo });
  }
  await signIn(page);
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });
  await page.getByTestId('chats-search').fill(token);
  const rows = page.getByTestId('chat-row');
  const names = () => rows.locator('[data-column="participant"] p:first-child').allTextContents();
  const row = (who: string) => rows.filter({ hasText: `${who} ${token}` });
  await expect.poll(names).toEqual([`Anna ${token}`, `Bert ${token}`, `Cleo ${token}`]);
  await expect(row('Anna').getByTestId('conversation-state-cell')).toHaveText('Open');

  // "Completed today" in the summary panel counts resolutions.
  const resolvedToday = page.getByTestId('summary-resolved');
  await expect(resolvedToday).toBeVisible();
  const before = Number((await resolvedToday.textContent())?.match(/\d+/)?.[0]);
  await row('Anna').getByTestId('row-checkbox').check();
  await row('Bert').getByTestId('row-checkbox').check();
  const bar = page.getByTestId('bulk-bar');
  await expect(bar.getByTestId('bulk-count')).toHaveText('2 selected');
  expect(await axeViolations(page, '[data-testid="bulk-bar"]')).toEqual([]);
  await bar.getByTestId('command-resolve').click();
  // The inbox shows active conversations: the two resolved ones leave it.
  await expect.poll(names).toEqual([`Cleo ${token}`]);
  await expect(bar).toBeHidden();
  await expect(resolvedToday).toHaveText(`Resolved today: ${before + 2}`);

  const stateView = page.getByTestId('state-view');
  await stateView.getByText('Resolved', { exact: true }).click();
  await expect.poll(names).toEqual([`Anna ${token}`, `Bert ${token}`]);
  await expect(row('Bert').getByTestId('conversation-state-cell')).toHaveText('Resolved');
  await stateView.getByText('Any state', { exact: true }).click();
  await expect.poll(names).toEqual([`Anna ${token}`, `Bert ${token}`, `Cleo ${token}`]);

  // Ownership from the bulk bar, and the Mine and Unassigned views.
  await row('Cleo').getByTestId('row-checkbox').check();
  await bar.getByTestId('assignee-control').click();
  await page.getByTestId('command-item-assign.me').click();
  await expect(row('Cleo').locator('[data-column="assignee"]')).toHaveText('Ada Admin');
  const ownerView = page.getByTestId('owner-view');
  await ownerView.getByText('Mine', { exact: true }).click();
  await expect.poll(names).toEqual([`Cleo ${token}`]);
  await ownerView.getByText('Unassigned', { exact: true }).click();
  await expect.poll(names).toEqual([`Anna ${token}`, `Bert ${token}`]);

  // Reopen them together from the selection (the bar offers Reopen for resolved rows).
  await page.getByTestId('select-all').check();
  await expect(bar.getByTestId('bulk-count')).toHaveText('2 selected');
  await bar.getByTestId('command-reopen').click();
  await expect(row('Anna').getByTestId('conversation-state-cell')).toHaveText('Open');
  await expect(row('Bert').getByTestId('conversation-state-cell')).toHaveText('Open');
  await ownerView.getByText('All', { exact: true }).click();
  await stateView.getByText('Active', { exact: true }).click();
  await expect.poll(names).toEqual([`Anna ${token}`, `Bert ${token}`, `Cleo ${token}`]);
});

test('N opens the newest unread conversation and / goes back to the search', async ({ page, db }) => {
  test.setTimeout(120_000);
  const token = uniqueToken();
  const { id } = await insertConversation(db, { name: `Unread ${token}`, unread: 2, minutesAgo: 0 });
  await signIn(page);
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });
  await page.getByTestId('chats-table').focus();
  await page.keyboard.press('n');
  await expect(page).toHaveURL(new RegExp(`/conversations/${id}$`));
  await expect(page.getByTestId('conversation-title')).toHaveText(`Unread ${token}`, { timeout: FIRST_SYNC });
  await thread(page).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(page.getByTestId('chats-search')).toBeFocused();
  // Typing in the search is text, not commands.
  await page.keyboard.type('n');
  await expect(page.getByTestId('chats-search')).toHaveValue('n');
});

test('the header, the state pills and the bulk bar pass axe in the dark scheme', async ({ page, db }) => {
  test.setTimeout(120_000);
  const token = uniqueToken();
  const { id } = await insertConversation(db, { name: `Dark ${token}` });
  await db.query(`UPDATE conversation SET state = 'pending', snoozed_until = NULL WHERE id = $1`, [id]);
  await insertConversation(db, { name: `Dark two ${token}` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await signIn(page);
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });
  await page.getByTestId('chats-search').fill(token);
  const rows = page.getByTestId('chat-row');
  await expect(rows).toHaveCount(2);
  await rows.first().getByTestId('row-checkbox').check();
  await expect(page.getByTestId('bulk-bar')).toBeVisible();
  expect(await axeViolations(page, '[data-testid="bulk-bar"]')).toEqual([]);
  expect(await axeViolations(page, '[data-testid="chats-table"]')).toEqual([]);
  await page.goto(`/conversations/${id}`);
  await expect(state(page)).toHaveText('Snoozed until the customer replies', { timeout: FIRST_SYNC });
  expect(await axeViolations(page, '[data-testid="lifecycle-bar"]')).toEqual([]);
});

test.describe('a tablet in portrait', () => {
  test.use({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true });

  test('the header’s lifecycle controls fit and resolve', async ({ page, db }) => {
    test.setTimeout(180_000);
    const { conversationId } = await newConversation(db, `Tablet lifecycle ${uniqueToken()}`);
    await signIn(page, E2E.operator);
    await openConversation(page, conversationId);
    const resolve = page.getByTestId('command-resolve');
    await expect(resolve).toBeInViewport();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth),
    ).toBe(false);
    await resolve.tap();
    await expect(state(page)).toHaveText('Resolved');
    await expect(page.getByTestId('command-reopen')).toBeInViewport();
  });
});
