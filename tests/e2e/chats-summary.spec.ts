import { dayKey } from '../../schema/day-key.ts';
import { recountChannelStats } from '../../server/conversations/recount-channel-stats.ts';
import { closeAllTabs, FIRST_SYNC, insertConversation, uniqueToken } from './chats-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 120_000 });

// The e2e stack runs with the default TIME_ZONE (UTC); the session endpoint hands the same to the browser.
const today = () => dayKey(Date.now(), 'UTC');

test('the summary panel follows the counters live and "waiting" filters the table', async ({ page, db }) => {
  const token = uniqueToken();
  await signIn(page);
  const panel = page.getByTestId('summary-panel');
  await expect(panel).toBeVisible();
  const waitingCount = panel.getByTestId('summary-waiting-count');
  const handled = panel.getByTestId('summary-handled');
  await expect(waitingCount).toHaveText(/^\d+$/, { timeout: FIRST_SYNC });

  // A customer writes: the inbound path bumps channel_stats.waiting_count in its transaction.
  const bump = await db.query(
    `UPDATE channel_stats SET waiting_count = waiting_count + 3 WHERE channel_id = 'ch-demo' RETURNING waiting_count`,
  );
  await expect(waitingCount).toHaveText(String(bump.rows[0].waiting_count));

  // An operator replies for the first time today: operator_day_stats.handled_count goes up.
  const id = `op-admin:${today()}`;
  const up = await db.query(
    `INSERT INTO operator_day_stats (id, operator_id, day, handled_count, replies_count)
     VALUES ($1, 'op-admin', $2, 4, 4)
     ON CONFLICT (id) DO UPDATE SET handled_count = operator_day_stats.handled_count + 4 RETURNING handled_count`,
    [id, today()],
  );
  const handledNow = up.rows[0].handled_count as number;
  await expect(handled).toHaveText(String(handledNow));
  await expect(panel).toContainText(`${handledNow} of 20`);

  // The goal comes from settings, live too.
  await db.query(`UPDATE settings SET handled_daily_goal = $1`, [handledNow]);
  await expect(panel.getByTestId('summary-encouragement')).toHaveText(/Daily goal reached|Queue is empty/);
  await db.query(`UPDATE settings SET handled_daily_goal = 20`);

  // A click on "waiting" filters the table to conversations awaiting a reply.
  const w = await insertConversation(db, { name: `Waits ${token}`, awaiting: true });
  await insertConversation(db, { name: `Done ${token}`, awaiting: false, direction: 'out' });
  await page.getByTestId('chats-search').fill(token);
  await expect(page.getByTestId('chat-row')).toHaveCount(2);
  await panel.getByTestId('summary-waiting').click();
  await expect(page.getByTestId('chat-row')).toHaveCount(1);
  await expect(page.getByTestId('chat-row').first()).toHaveAttribute('data-conversation-id', w.id);
  await expect(page.getByTestId('filters-button')).toHaveAccessibleName('Filters (1 active)');

  // Restore the shared counters for the specs that follow.
  await db.query(`UPDATE channel_stats SET waiting_count = waiting_count - 3 WHERE channel_id = 'ch-demo'`);
});

test('the longest wait is shown and opens that conversation', async ({ page, db }) => {
  const token = uniqueToken();
  // Older than anything the demo seed or another spec leaves waiting.
  const old = await insertConversation(db, {
    name: `Patient ${token}`,
    awaiting: true,
    minutesAgo: 60 * 24 * 30,
  });
  await closeAllTabs(db);
  try {
    await signIn(page);
    const longest = page.getByTestId('summary-panel').getByTestId('summary-longest');
    await expect(longest).toContainText(`Patient ${token}`, { timeout: FIRST_SYNC });
    await expect(longest).toContainText('30 days');
    await longest.click();
    await expect(page).toHaveURL(`/conversations/${old.id}`);
    await expect(
      page.locator(`[data-testid="conversation-tab"][data-conversation-id="${old.id}"]`),
    ).toBeVisible();
    await page
      .locator(`[data-testid="conversation-tab"][data-conversation-id="${old.id}"]`)
      .getByTestId('conversation-tab-close')
      .click();
    await expect(page).toHaveURL('/');
  } finally {
    await db.query(`UPDATE conversation SET awaiting_reply = false, awaiting_since = NULL WHERE id = $1`, [
      old.id,
    ]);
    await recountChannelStats(db);
  }
});

test('the summary panel closes and stays closed after a reload', async ({ page, db }) => {
  await signIn(page);
  await page.getByTestId('summary-close').click();
  await expect(page.getByTestId('summary-panel')).toHaveCount(0);
  await expect
    .poll(
      async () =>
        (await db.query(`SELECT summary_open FROM operator_preference WHERE operator_id = 'op-admin'`))
          .rows[0]?.summary_open,
    )
    .toBe(false);
  // Closed from the first frame of the reload: neither the panel nor the room kept for it appears while
  // Zero's preferences load (the table would lose that width, then get it back).
  await page.addInitScript(() => {
    const seen = () =>
      document.querySelector('[data-testid="summary-panel"], [data-testid="summary-placeholder"]') !== null;
    new MutationObserver(() => {
      if (seen()) (window as unknown as { summarySeen?: boolean }).summarySeen = true;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  await expect(page.getByTestId('summary-open')).toBeVisible();
  await expect(page.getByTestId('chats-table')).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByTestId('summary-panel')).toHaveCount(0);
  expect(
    await page.evaluate(() => (window as unknown as { summarySeen?: boolean }).summarySeen ?? false),
  ).toBe(false);
  await page.getByTestId('summary-open').click();
  await expect(page.getByTestId('summary-panel')).toBeVisible();
});
