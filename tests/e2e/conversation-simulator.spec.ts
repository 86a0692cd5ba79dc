import type { APIRequestContext } from '@playwright/test';
import { openConversation, PNG_1PX } from './conversation-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

type PhoneMessage = {
  from: 'mine' | 'theirs';
  type: string;
  text: string;
  media: { mimeType: string | null } | null;
};

/** What the simulated customer's phone shows from the business, oldest first. */
async function businessMessagesOnPhone(request: APIRequestContext, waId: string) {
  const res = await request.get(`/simulator-api/customers/${waId}/messages`);
  if (!res.ok()) return [];
  const body = (await res.json()) as { messages: PhoneMessage[] };
  return body.messages
    .filter((m) => m.from === 'theirs')
    .map((m) => `${m.type}|${m.text.replace(/\uFE0F/g, '')}|${m.media?.mimeType ?? ''}`);
}

// End to end through the built-in Cloud API simulator: the customer writes from the simulated phone
// (a signed webhook), the operator answers from the conversation view, and the phone receives it.
test('emoji text, a photo and a template from the picker reach the customer’s phone', async ({
  page,
  request,
  db,
}) => {
  const waId = `42077${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  expect(
    (await request.post('/simulator-api/customers', { data: { name: 'Simona Phone', waId } })).status(),
  ).toBe(201);
  expect(
    (
      await request.post(`/simulator-api/customers/${waId}/messages`, {
        data: { type: 'text', text: 'Hi, where is my order?' },
      })
    ).status(),
  ).toBe(201);
  await expect
    .poll(
      async () =>
        (
          await db.query(
            `SELECT c.id FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.wa_id = $1`,
            [waId],
          )
        ).rows[0]?.id,
      { timeout: 60_000 },
    )
    .toBeTruthy();
  const { rows } = await db.query(
    `SELECT c.id FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.wa_id = $1`,
    [waId],
  );
  const conversationId = rows[0].id as string;

  await signIn(page);
  await openConversation(page, conversationId);
  await expect(page.getByTestId('message-thread')).toContainText('Hi, where is my order?');

  const input = page.getByTestId('composer-input');
  await input.fill('On its way ');
  await page.getByTestId('emoji-button').click();
  await page.getByRole('searchbox', { name: 'Search emoji…' }).fill('delivery truck');
  await page.getByRole('gridcell', { name: 'Delivery truck', exact: true }).click();
  await input.press('Enter');

  await page
    .getByTestId('attach-input')
    .setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: PNG_1PX });
  await input.fill('Your parcel label');
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('attachment-preview')).toHaveCount(0);

  await page.getByTestId('template-button').click();
  const picker = page.getByTestId('template-picker');
  await picker.getByTestId('template-search').fill('order_update');
  await picker.getByTestId('template-option').first().click();
  await picker.getByTestId('template-variable').nth(0).fill('Simona');
  await picker.getByTestId('template-variable').nth(1).fill('SKB-7');
  await picker.getByTestId('template-send').click();

  await expect
    .poll(() => businessMessagesOnPhone(request, waId), { timeout: 90_000 })
    .toEqual([
      'text|On its way 🚚|',
      'image|Your parcel label|image/png',
      'template|Hello Simona, your order SKB-7 is on its way.\n\nCDESK demo|',
    ]);
  // The operator's ticks follow the phone: delivered or read, never stuck in progress.
  const template = page.getByTestId('thread-message').filter({ hasText: 'Hello Simona, your order SKB-7' });
  await expect(template.locator('[data-status="delivered"], [data-status="read"]')).toBeVisible({
    timeout: 60_000,
  });
});
