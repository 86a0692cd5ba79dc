import { uniqueToken } from './chats-helpers.ts';
import { newConversation, openConversation } from './conversation-helpers.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

test('two operators in one conversation see each other, see typing, and are warned before answering twice', async ({
  browser,
  db,
}) => {
  test.setTimeout(240_000); // two sign-ins and two live clients on a shared 2-core machine
  const token = uniqueToken();
  const { conversationId } = await newConversation(db, `Shared ${token}`);
  const adaCtx = await browser.newContext();
  const olgaCtx = await browser.newContext();
  try {
    const ada = await adaCtx.newPage();
    const olga = await olgaCtx.newPage();
    await signIn(ada, E2E.admin);
    await signIn(olga, E2E.operator);
    await openConversation(ada, conversationId);
    await openConversation(olga, conversationId);

    // Each sees the other is here.
    await expect(olga.getByTestId('colleagues-here')).toContainText('Also here: Ada Admin', {
      timeout: 30_000,
    });
    await expect(ada.getByTestId('colleagues-here')).toContainText('Also here: Olga Operator', {
      timeout: 30_000,
    });

    // Ada types: Olga sees it, live.
    await ada.getByTestId('composer-input').fill(`We are checking it ${token}`);
    await expect(olga.getByTestId('colleagues-here')).toContainText('Ada Admin is typing…', {
      timeout: 30_000,
    });

    // Ada sends; Olga, who had started her own answer, is asked before hers goes out too.
    await olga.getByTestId('composer-input').fill(`Let me look ${token}`);
    await ada.getByTestId('composer-input').press('Enter');
    await expect(
      olga.getByTestId('thread-message').filter({ hasText: `We are checking it ${token}` }),
    ).toBeVisible({
      timeout: 30_000,
    });
    await olga.getByTestId('composer-input').press('Enter');
    const warning = olga.getByTestId('colleague-replied');
    await expect(warning).toContainText('Ada Admin replied a moment ago:');
    await expect(warning).toContainText(`We are checking it ${token}`);
    await expect(olga.getByTestId('composer-input')).toHaveValue(`Let me look ${token}`);
    await warning.getByRole('button', { name: 'Send anyway' }).click();
    await expect(
      olga.getByTestId('thread-message').filter({ hasText: `Let me look ${token}` }),
    ).toBeVisible();
    await expect(warning).toHaveCount(0);

    // Olga goes back to the Chats table: Ada no longer sees her. (A closed tab goes stale and is swept.)
    await olga
      .getByRole('navigation', { name: 'Open conversations' })
      .getByRole('link', { name: 'Chats' })
      .click();
    await expect(olga.getByTestId('chats-table')).toBeVisible();
    await expect(ada.getByTestId('colleagues-here')).not.toContainText('Olga Operator', { timeout: 30_000 });
  } finally {
    await adaCtx.close();
    await olgaCtx.close();
  }
});
