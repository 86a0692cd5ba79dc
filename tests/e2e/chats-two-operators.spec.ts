import { recountChannelStats } from '../../server/conversations/recount-channel-stats.ts';
import { FIRST_SYNC, insertConversation, uniqueToken } from './chats-helpers.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

test('two operators in two browsers see each other’s changes live', async ({ browser, db }) => {
  test.setTimeout(180_000); // two sign-ins and two live clients on a 2-core machine
  const token = uniqueToken();
  const conv = await insertConversation(db, { name: `Shared ${token}`, preview: 'First words', unread: 1 });
  const adminCtx = await browser.newContext();
  const olgaCtx = await browser.newContext();
  try {
    const admin = await adminCtx.newPage();
    const olga = await olgaCtx.newPage();
    await signIn(admin, E2E.admin);
    await signIn(olga, E2E.operator);
    for (const p of [admin, olga]) await p.getByTestId('chats-search').fill(token);
    const row = (p: typeof admin) => p.locator(`[data-conversation-id="${conv.id}"]`);
    await expect(row(admin)).toBeVisible({ timeout: FIRST_SYNC });
    await expect(row(olga)).toBeVisible({ timeout: FIRST_SYNC });

    // Olga saves a filter shared with the team and a private one: Ada sees only the shared one, live.
    const shared = `Team ${token}`;
    const mine = `Mine ${token}`;
    for (const [name, share] of [
      [shared, true],
      [mine, false],
    ] as const) {
      await olga.getByTestId('saved-filters-button').click();
      await olga.getByTestId('save-filter-open').click();
      await olga.getByTestId('save-filter-name').fill(name);
      if (share) await olga.getByTestId('save-filter-share').check();
      await olga.getByTestId('save-filter-submit').click();
      await expect(olga.getByTestId('saved-filters-button')).toHaveText(`Filter: ${name}`);
    }
    await admin.getByTestId('saved-filters-button').click();
    const adminList = admin.getByTestId('saved-filters-list');
    await expect(adminList.locator(`[data-filter-name="${shared}"]`)).toContainText(
      'Shared by Olga Operator',
    );
    await expect(adminList.locator(`[data-filter-name="${mine}"]`)).toHaveCount(0);

    // Olga deletes hers: it disappears from Ada's open list without a reload.
    await olga.getByTestId('saved-filters-button').click();
    await olga.getByRole('button', { name: `Delete filter ${shared}` }).click();
    await expect(adminList.locator(`[data-filter-name="${shared}"]`)).toHaveCount(0);
    await olga.getByRole('button', { name: `Delete filter ${mine}` }).click();
    await admin.keyboard.press('Escape');

    // A conversation changes on the server (a reply went out and was read): both tables update in place.
    await db.query(
      `UPDATE conversation SET last_message_preview = 'Reply delivered', last_message_direction = 'out',
         last_message_status = 'read', unread_count = 0, awaiting_reply = false, awaiting_since = NULL,
         last_operator_name = 'Olga Operator', last_message_at = now() WHERE id = $1`,
      [conv.id],
    );
    await recountChannelStats(db);
    for (const p of [admin, olga]) {
      await expect(row(p).getByTestId('last-message-link')).toHaveText('Reply delivered');
      await expect(row(p).locator('[data-status="read"]')).toBeVisible();
      await expect(row(p).getByTestId('unread-badge')).toHaveCount(0);
      await expect(row(p).getByTestId('lighthouse')).toHaveCount(0);
      await expect(row(p).locator('[data-column="operator"]')).toHaveText('Olga Operator');
    }

    // Ada opens a conversation with unread messages: it is marked read, and Olga's badge goes away.
    const unread = await insertConversation(db, { name: `Unread ${token}`, unread: 2 });
    const unreadRow = (p: typeof admin) => p.locator(`[data-conversation-id="${unread.id}"]`);
    await expect(unreadRow(olga).getByTestId('unread-badge')).toHaveText('2');
    await unreadRow(admin).dblclick();
    await expect(admin).toHaveURL(`/conversations/${unread.id}`);
    await expect(unreadRow(olga).getByTestId('unread-badge')).toHaveCount(0);
  } finally {
    await adminCtx.close();
    await olgaCtx.close();
  }
});
