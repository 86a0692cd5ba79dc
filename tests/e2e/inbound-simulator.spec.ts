import type { Page } from '@playwright/test';
import { PNG_1PX } from './conversation-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

/**
 * Meta's timestamps are whole seconds, and messages of the same second are ordered by id, not by
 * arrival (so redeliveries and shuffles end the same): the next message goes out in a later second.
 */
const nextSecond = (page: Page) => page.waitForTimeout(1100);

test('a message typed on the simulator phone appears live in the operator’s Chats table, unread and waiting', async ({
  page,
  context,
}) => {
  // Two pages and a cold zero-cache on a shared 2-core machine: more room than the default minute.
  test.setTimeout(120_000);
  // The operator is already looking at the Chats table.
  await signIn(page);
  const table = page.getByTestId('chats-table');
  await expect(table.getByTestId('chat-row').first()).toBeVisible();

  // A customer writes from the simulator's phone (open to signed-in operators: the same browser).
  const phone = await context.newPage();
  const name = `Phone ${Date.now().toString(36)}`;
  await phone.goto('/simulator');
  await phone.getByLabel('Name').fill(name);
  await phone.getByRole('button', { name: 'Create' }).click();
  await expect(phone.getByTestId('phone')).toContainText(name);
  const text = `Hello from the phone ${Date.now().toString(36)}`;
  await phone.getByLabel('Message').fill(text);
  await phone.getByRole('button', { name: 'Send', exact: true }).click();
  const bubble = phone.getByTestId('phone-message').filter({ hasText: text });
  await expect(bubble).toBeVisible();
  // The business's webhook took it: two grey ticks.
  await expect(bubble.getByRole('img', { name: 'Delivered' })).toBeVisible();

  // Without a reload, the operator sees the new conversation on top with its badge and lighthouse.
  const row = table.getByTestId('chat-row').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText(text);
  await expect(row.getByTestId('unread-badge')).toHaveText('1');
  await expect(row.getByTestId('lighthouse')).toBeVisible();
  await expect(table.getByTestId('chat-row').first()).toContainText(name);

  // A second message raises the badge, live.
  await nextSecond(page);
  await phone.getByLabel('Message').fill('Are you there?');
  await phone.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(row.getByTestId('unread-badge')).toHaveText('2');
  await expect(row).toContainText('Are you there?');
  await nextSecond(page);

  // A photo from the phone: shown on the phone, previewed in the table, downloaded in the background.
  await phone
    .locator('input[type="file"]')
    .setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: PNG_1PX });
  await expect(phone.getByTestId('phone-message').last().getByRole('img', { name: 'photo' })).toBeVisible();
  await expect(row.getByTestId('unread-badge')).toHaveText('3');
  await expect(row).toContainText('📷 Photo');
});
