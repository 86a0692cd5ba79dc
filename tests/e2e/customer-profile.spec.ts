import { randomUUID } from 'node:crypto';
import { uniqueToken } from './chats-helpers.ts';
import { newConversation, openConversation } from './conversation-helpers.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

test('with no request open, the right pane shows the customer: earlier conversations, requests and notes', async ({
  page,
  db,
}) => {
  test.setTimeout(180_000);
  const token = uniqueToken();
  const { conversationId } = await newConversation(db, `Profile ${token}`);
  const { rows } = await db.query('SELECT contact_id FROM conversation WHERE id = $1', [conversationId]);
  const contactId = rows[0].contact_id as string;
  // An earlier conversation (closed: one per customer and number stays open or resolved) of the same customer, and a request about them.
  const earlier = `cv-${randomUUID().slice(0, 8)}`;
  await db.query(
    `INSERT INTO conversation (id, channel_id, contact_id, business_number, participant_name, participant_phone,
       last_message_preview, last_message_at, last_message_direction, last_message_status, state, created_at)
     SELECT $1, channel_id, contact_id, business_number, participant_name, participant_phone,
       $2, now() - interval '30 days', 'out', 'read', 'closed', now() - interval '31 days'
       FROM conversation WHERE id = $3`,
    [earlier, `Old question ${token}`, conversationId],
  );
  await db.query(
    `INSERT INTO request (id, code, name, contact_id, description) VALUES ($1, $2, $3, $4, 'x')`,
    [randomUUID(), `REQ-${token.slice(1, 7)}`, `Refund ${token}`, contactId],
  );

  await signIn(page, E2E.operator);
  await openConversation(page, conversationId);
  const profile = page.getByTestId('customer-profile');
  await expect(profile).toContainText(`Profile ${token}`);
  await expect(profile).toContainText('+1 555 010 0100');
  const conversations = profile.getByTestId('customer-conversations').getByRole('button');
  await expect(conversations).toHaveCount(2);
  await expect(conversations.nth(1)).toContainText(`Old question ${token}`);
  await expect(conversations.nth(1)).toContainText('Closed');
  await expect(profile.getByTestId('customer-requests')).toContainText(`Refund ${token}`);

  // Notes are kept on the customer.
  await profile.getByLabel('E-mail').fill('not an address');
  await expect(profile.getByRole('button', { name: 'Save' })).toBeDisabled();
  await profile.getByLabel('E-mail').fill(`profile-${token}@example.com`);
  await profile.getByLabel('Notes').fill('Calls back after 5 pm');
  await profile.getByRole('button', { name: 'Save' }).click();
  await expect(profile).toContainText('Saved');
  await expect
    .poll(async () => (await db.query('SELECT email, notes FROM contact WHERE id = $1', [contactId])).rows[0])
    .toEqual({ email: `profile-${token}@example.com`, notes: 'Calls back after 5 pm' });

  // A request opens in the pane; the earlier conversation opens in the workspace.
  await profile.getByTestId('customer-requests').getByText(`Refund ${token}`).click();
  await expect(page.getByTestId('right-pane')).not.toContainText('Calls back after 5 pm');
  await page.goto(`/conversations/${conversationId}`);
  await page.getByTestId('customer-conversations').getByRole('button').nth(1).click();
  await expect(page).toHaveURL(new RegExp(`/conversations/${earlier}$`));
});

test('an operator merges two conversations of one person; links to the merged one open the kept one', async ({
  page,
  db,
}) => {
  test.setTimeout(180_000);
  const token = uniqueToken();
  const kept = await newConversation(db, `Kept ${token}`);
  const other = await newConversation(db, `Old number ${token}`, 2);
  const { rows } = await db.query('SELECT number FROM conversation WHERE id = $1', [other.conversationId]);
  const otherNumber = String(rows[0].number);

  await signIn(page, E2E.operator);
  await openConversation(page, kept.conversationId);
  await page.getByTestId('command-merge').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: 'Close without merging' })).toBeVisible();
  await dialog.getByTestId('merge-search').fill(`Old number ${token}`);
  await dialog.getByRole('radio', { name: `#${otherNumber} Old number ${token}` }).check();
  await expect(dialog.getByTestId('merge-consequence')).toContainText(
    `#${otherNumber} Old number ${token} disappears`,
  );
  await dialog.getByTestId('merge-submit').click();

  // The other thread is here now, with the merge as an event; the customer is one.
  const thread = page.getByTestId('message-thread');
  await expect(thread).toContainText(`Hello from Old number ${token}`);
  await expect(thread.locator('[data-kind="merged"]')).toContainText(
    `merged #${otherNumber} Old number ${token} into this conversation`,
  );
  await expect
    .poll(async () => (await db.query('SELECT 1 FROM contact WHERE wa_id = $1', [other.waId])).rowCount)
    .toBe(0);

  // A link (tab, bookmark, a colleague's open thread) to the merged conversation lands on the kept one.
  await page.goto(`/conversations/${other.conversationId}`);
  await expect(page).toHaveURL(new RegExp(`/conversations/${kept.conversationId}$`));
  await expect(page.getByTestId('message-thread')).toContainText(`Hello from Old number ${token}`);
});
