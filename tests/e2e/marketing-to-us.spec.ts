import { newConversation, openConversation } from './conversation-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

// Issue 15.5: Meta does not deliver marketing templates to US (+1) numbers (since 1 April 2025); the
// template picker says so before a MARKETING template goes to one, and not for other categories or numbers.
test('the template picker warns before a MARKETING template to a +1 number', async ({ page, db }) => {
  const us = await newConversation(db, 'Uma States', 30);
  const usPhone = `+1650555${String(Math.floor(1000 + Math.random() * 8999))}`;
  await db.query('UPDATE conversation SET participant_phone = $2 WHERE id = $1', [
    us.conversationId,
    usPhone,
  ]);
  const cz = await newConversation(db, 'Jana Marketing', 30);

  await signIn(page);
  const pick = async (conversationId: string, name: string) => {
    await openConversation(page, conversationId);
    await page.getByTestId('window-closed').getByTestId('template-button').click();
    const picker = page.getByTestId('template-picker');
    await picker.getByTestId('template-search').fill(name);
    await picker.getByTestId('template-option').filter({ hasText: name }).first().click();
    return picker;
  };

  let picker = await pick(us.conversationId, 'hello_again');
  await expect(picker.getByTestId('marketing-us-warning')).toContainText('US (+1)');
  await page.keyboard.press('Escape');
  await expect(picker).toBeHidden();
  picker = await pick(us.conversationId, 'order_update');
  await expect(picker.getByTestId('template-preview')).toBeVisible();
  await expect(picker.getByTestId('marketing-us-warning')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(picker).toBeHidden();

  picker = await pick(cz.conversationId, 'hello_again');
  await expect(picker.getByTestId('template-preview')).toBeVisible();
  await expect(picker.getByTestId('marketing-us-warning')).toHaveCount(0);
});
