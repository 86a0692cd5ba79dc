import { newConversation, openConversation, PNG_1PX } from './conversation-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

test('a closed 24-hour window replaces the composer with an explanation; a template goes out from the picker', async ({
  page,
  db,
}) => {
  const { conversationId } = await newConversation(db, 'Jana Window', 30);
  await signIn(page);
  await openConversation(page, conversationId);
  const closed = page.getByTestId('window-closed');
  await expect(closed).toContainText('24-hour reply window is closed');
  await expect(page.getByTestId('composer-input')).toHaveCount(0);
  await expect(page.getByTestId('emoji-button')).toHaveCount(0);

  await closed.getByTestId('template-button').click();
  const picker = page.getByTestId('template-picker');
  // Searchable by category, language and name (the simulator's catalog may add more templates).
  const options = picker.getByTestId('template-option');
  await picker.getByTestId('template-search').fill('utility');
  await expect(options.filter({ hasText: 'order_update' })).toHaveCount(1);
  await expect(options.filter({ hasText: 'hello_again' })).toHaveCount(0);
  for (const option of await options.all()) await expect(option).toContainText('UTILITY');
  await picker.getByTestId('template-search').fill('en_US hello');
  await expect(options.filter({ hasText: 'hello_again' })).toHaveCount(1);
  await expect(options.filter({ hasText: 'order_update' })).toHaveCount(0);
  await picker.getByTestId('template-search').fill('order');
  await picker.getByTestId('template-option').filter({ hasText: 'order_update' }).click();

  const [first, second] = [
    picker.getByTestId('template-variable').nth(0),
    picker.getByTestId('template-variable').nth(1),
  ];
  await expect(picker.getByTestId('template-send')).toBeDisabled();
  await first.fill('Jana');
  await expect(picker.getByTestId('template-preview')).toContainText(
    'Hello Jana, your order {{2}} is on its way.',
  );
  await second.fill('SKB-42');
  await expect(picker.getByTestId('template-preview')).toContainText(
    'Hello Jana, your order SKB-42 is on its way.',
  );
  await expect(picker.getByTestId('template-preview')).toContainText('CDESK demo');
  await picker.getByTestId('template-send').click();
  await expect(picker).toBeHidden();

  const sent = page
    .getByTestId('thread-message')
    .filter({ hasText: 'Hello Jana, your order SKB-42 is on its way.' });
  await expect(sent).toContainText('Template: order_update');
  await expect
    .poll(
      async () =>
        (
          await db.query(
            `SELECT type, template_name, body, operator_id FROM message WHERE conversation_id = $1 AND direction = 'out'`,
            [conversationId],
          )
        ).rows,
    )
    .toEqual([
      {
        type: 'template',
        template_name: 'order_update',
        body: 'Hello Jana, your order SKB-42 is on its way.\n\nCDESK demo',
        operator_id: 'op-admin',
      },
    ]);
});

test('an open window counts down; Enter sends, Shift+Enter breaks lines, emoji and a photo go out', async ({
  page,
  db,
}) => {
  const { conversationId } = await newConversation(db, 'Emil Emoji', 23.5);
  await signIn(page);
  await openConversation(page, conversationId);
  const countdown = page.getByTestId('window-countdown');
  await expect(countdown).toHaveAttribute('data-state', 'closing');
  await expect(countdown).toContainText(/closes in (29|30):\d\d/);

  const input = page.getByTestId('composer-input');
  await input.fill('Thanks ');
  await page.getByTestId('emoji-button').click();
  await page.getByRole('searchbox', { name: 'Search emoji…' }).fill('thumbs up');
  await page.getByRole('gridcell', { name: 'Thumbs up', exact: true }).click();
  // Emojibase spells it with the emoji presentation selector (U+FE0F).
  await expect(input).toHaveValue(/^Thanks 👍\uFE0F?$/u);
  await input.press('Enter');
  await expect(input).toHaveValue('');
  const oneLine = (await input.boundingBox())?.height ?? 0;
  await input.pressSequentially('line one');
  await input.press('Shift+Enter');
  await input.pressSequentially('line two');
  // The box grows with its lines (CSS field-sizing in Chromium), and shrinks back once sent.
  await expect.poll(async () => (await input.boundingBox())?.height ?? 0).toBeGreaterThan(oneLine + 10);
  await input.press('Enter');
  await expect.poll(async () => (await input.boundingBox())?.height ?? 0).toBeLessThan(oneLine + 5);

  const thread = page.getByTestId('message-thread');
  await expect(thread.getByTestId('thread-message').filter({ hasText: 'Thanks 👍' })).toBeVisible();
  await expect(thread.getByTestId('thread-message').filter({ hasText: 'line two' })).toBeVisible();

  // A GIF is refused before any upload, with WhatsApp's rule; a PNG is previewed, uploaded and sent.
  await page
    .getByTestId('attach-input')
    .setInputFiles({ name: 'anim.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
  await expect(page.getByTestId('attachment-check')).toContainText(
    'WhatsApp does not accept files of type image/gif',
  );
  await expect(page.getByTestId('send-button')).toBeDisabled();
  await page
    .getByTestId('attach-input')
    .setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PNG_1PX });
  await expect(
    page.getByTestId('attachment-preview').getByRole('img', { name: 'receipt.png' }),
  ).toBeVisible();
  await input.fill('The receipt');
  await page.getByTestId('send-button').click();
  await expect(
    thread.getByTestId('thread-message').filter({ hasText: 'The receipt' }).getByTestId('message-image'),
  ).toBeVisible();

  const outgoing = async () =>
    (
      await db.query(
        `SELECT m.type, replace(m.body, E'\\uFE0F', '') AS body, a.mime_type, a.filename FROM message m LEFT JOIN attachment a ON a.id = m.attachment_id
          WHERE m.conversation_id = $1 AND m.direction = 'out' ORDER BY m.created_at`,
        [conversationId],
      )
    ).rows;
  await expect.poll(outgoing).toEqual([
    { type: 'text', body: 'Thanks 👍', mime_type: null, filename: null },
    { type: 'text', body: 'line one\nline two', mime_type: null, filename: null },
    { type: 'image', body: 'The receipt', mime_type: 'image/png', filename: 'receipt.png' },
  ]);
});

test('the hover menu: reply with a quote, react, copy, create a request, add to a request, retry a failed reply', async ({
  page,
  context,
  db,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { conversationId, messageId } = await newConversation(db, 'Mia Menu', 2);
  await signIn(page);
  await openConversation(page, conversationId);
  const customer = page.locator(`[data-message-id="${messageId}"]`);
  await expect(customer).toContainText('Hello from Mia Menu');

  // Reply: the composer shows the quote; the sent reply carries it.
  await customer.hover();
  await customer.getByTestId('message-menu').click();
  await page.getByRole('menuitem', { name: 'Reply' }).click();
  await expect(page.getByTestId('composer-reply')).toContainText('Hello from Mia Menu');
  await page.getByTestId('composer-input').fill('Sure, here you go');
  await page.getByTestId('composer-input').press('Enter');
  const reply = page.getByTestId('thread-message').filter({ hasText: 'Sure, here you go' });
  await expect(reply.getByTestId('quoted-message')).toContainText('Hello from Mia Menu');
  await expect(page.getByTestId('composer-reply')).toHaveCount(0);

  // React: the chip appears under the message and the row is stored.
  await customer.hover();
  await customer.getByRole('button', { name: 'React', exact: true }).click();
  await page.getByRole('button', { name: 'React ❤️' }).click();
  await expect(customer.getByTestId('reaction')).toHaveText(['❤️']);

  // Copy.
  await customer.getByTestId('message-menu').click();
  await page.getByRole('menuitem', { name: 'Copy text' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Hello from Mia Menu');

  // Create a request from this message: the form is prefilled with it.
  await customer.getByTestId('message-menu').click();
  await page.getByRole('menuitem', { name: 'Create request from this message' }).click();
  await expect(page.getByTestId('request-description')).toHaveValue('Hello from Mia Menu');
  await page.getByTestId('request-name').fill('Mia needs help');
  await page.getByTestId('request-save').click();
  await expect(page.getByTestId('request-detail').getByTestId('request-code')).toHaveText(/^REQ-\d{6}$/);

  // Add the reply to that request through the menu.
  await reply.hover();
  await reply.getByTestId('message-menu').click();
  await page.getByRole('menuitem', { name: 'Add to request…' }).click();
  await page.getByTestId('add-to-request').getByTestId('add-to-request-search').fill('Mia needs');
  await page.getByTestId('add-to-request-option').first().click();
  await expect(page.getByTestId('request-detail').getByTestId('request-post')).toContainText(
    'Sure, here you go',
  );

  // Meta refuses the reply (as its failed status webhook would record it): retry is offered and resets it.
  await db.query(
    `UPDATE message SET status = 'failed', error_code = 131026, error_title = 'Message undeliverable', failed_at = now()
      WHERE conversation_id = $1 AND body = 'Sure, here you go'`,
    [conversationId],
  );
  await expect(reply.getByTestId('failure-reason')).toContainText('131026');
  await reply.getByTestId('message-menu').click();
  await page.getByRole('menuitem', { name: 'Retry sending' }).click();
  // The old failure is cleared at once (the outbox then sends it again, same job, no copy).
  await expect(reply.getByTestId('failure-reason')).not.toContainText('131026');

  const reactions = await db.query(`SELECT actor, emoji FROM message_reaction WHERE message_id = $1`, [
    messageId,
  ]);
  expect(reactions.rows).toEqual([{ actor: 'op-admin', emoji: '❤️' }]);
  const replyRow = await db.query(
    `SELECT reply_to_message_id FROM message WHERE conversation_id = $1 AND body = 'Sure, here you go'`,
    [conversationId],
  );
  expect(replyRow.rows).toEqual([{ reply_to_message_id: messageId }]);
});
