import { randomUUID } from 'node:crypto';
import { openConversation } from './conversation-helpers.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

// Requests born in a conversation: created from a customer message with the description prefilled,
// numbered by the server, seen live by a second operator; a later message added to it as a post.

test('a request created from a message is prefilled, numbered, and appears live for a second operator', async ({
  page,
  browser,
  db,
}) => {
  const conversationId = 'cv-demo-1';
  const olgaContext = await browser.newContext();
  const olga = await olgaContext.newPage();
  await signIn(olga, E2E.operator);
  await openConversation(olga, conversationId);
  await expect(olga.getByTestId('requests-pane')).toContainText('No requests from this conversation yet.');

  await signIn(page);
  await openConversation(page, conversationId);
  const thread = page.getByTestId('message-thread');
  await expect(thread).toContainText('Hello, my order SKB-42 has not arrived yet.');
  // Below the customer's last message: New request / Add to request.
  const actions = thread.getByTestId('customer-actions');
  await actions.getByRole('button', { name: 'New request' }).click();

  const form = page.getByTestId('new-request-form');
  await expect(form.getByTestId('request-description')).toHaveValue(
    'Hello, my order SKB-42 has not arrived yet.',
  );
  await expect(form.getByTestId('request-contact')).toHaveValue(/Jana Novakova/);
  await form.getByTestId('request-name').fill('Order SKB-42 missing');
  await form.getByTestId('request-company').click();
  await page.getByRole('option', { name: 'ACME s.r.o.' }).click();
  await form.getByTestId('request-save').click();

  // The detail opens at once; the server's REQ-000001 replaces the provisional code.
  const detail = page.getByTestId('request-detail');
  await expect(detail.getByTestId('request-code')).toHaveText(/^REQ-\d{6}$/);
  const code = (await detail.getByTestId('request-code').textContent()) ?? '';
  await expect(page.getByTestId('request-item')).toContainText('Order SKB-42 missing');

  const { rows } = await db.query(
    'SELECT code, description, origin_message_id, company_id, contact_id FROM request WHERE origin_conversation_id = $1',
    [conversationId],
  );
  expect(rows).toEqual([
    {
      code,
      description: 'Hello, my order SKB-42 has not arrived yet.',
      origin_message_id: 'msg-demo-1-in',
      company_id: 'co-acme',
      contact_id: 'ct-demo-1',
    },
  ]);

  // Olga never reloaded: the request shows up in her left pane, with the same code.
  const olgaItem = olga.getByTestId('request-item');
  await expect(olgaItem).toContainText('Order SKB-42 missing');
  await expect(olgaItem.getByTestId('request-code')).toHaveText(code);

  // Olga tags it; the admin sees the tag live and can filter by it.
  await olgaItem.click();
  const olgaDetail = olga.getByTestId('request-detail');
  await olgaDetail.getByTestId('detail-add-tag').click();
  await olga.getByRole('option', { name: 'delivery' }).click();
  await expect(detail.getByTestId('detail-tag')).toHaveText(['delivery']);
  await olgaDetail.getByTestId('detail-status').click();
  await olga.getByRole('option', { name: 'Pending' }).click();
  await expect(detail.getByTestId('detail-status')).toHaveValue('Pending');

  const pane = page.getByTestId('requests-pane');
  await pane.getByTestId('requests-search').fill('nothing like this');
  await expect(pane.getByTestId('request-item')).toHaveCount(0);
  await pane.getByTestId('requests-search').fill('skb');
  await expect(pane.getByTestId('request-item')).toHaveCount(1);
  await olgaContext.close();
});

test('add to request: a later customer message becomes a discussion post of an existing request', async ({
  page,
  db,
}) => {
  const conversationId = 'cv-demo-2';
  await signIn(page);
  await openConversation(page, conversationId);
  await page.getByTestId('new-request-button').click();
  await page.getByTestId('request-name').fill('Delivery address change');
  await page.getByTestId('request-save').click();
  await expect(page.getByTestId('request-detail').getByTestId('request-code')).toHaveText(/^REQ-\d{6}$/);
  const code = (await page.getByTestId('request-detail').getByTestId('request-code').textContent()) ?? '';

  // The customer writes again (inserted as the webhook would) and it appears live.
  const messageId = `msg-e2e-${randomUUID().slice(0, 8)}`;
  await db.query(
    `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status, created_at, received_at)
     VALUES ($1, $2, $3, 'in', 'text', 'New address: Main Street 5, Brno', 'received', now(), now())`,
    [messageId, conversationId, `wamid.${messageId}`],
  );
  const bubble = page.locator(`[data-message-id="${messageId}"]`);
  await expect(bubble).toContainText('New address: Main Street 5, Brno');
  // The shortcut moved below the newest customer message.
  await expect(bubble.getByTestId('customer-actions')).toBeVisible();
  await bubble.getByRole('button', { name: 'Add to request' }).click();

  const picker = page.getByTestId('add-to-request');
  // This customer's requests come first, then the newest of others, each naming whose it is: another
  // customer's request made just now is listed below this customer's and says it is somebody else's.
  const otherName = `Other customer ${randomUUID().slice(0, 6)}`;
  const otherContact = `ct-${randomUUID().slice(0, 8)}`;
  await db.query(`INSERT INTO contact (id, wa_id, profile_name, phone) VALUES ($1, $2, $3, $4)`, [
    otherContact,
    `42077${Math.floor(1_000_000 + Math.random() * 8_999_999)}`,
    otherName,
    '+420 770 000 000',
  ]);
  await db.query(
    `INSERT INTO request (id, code, name, contact_id, description) VALUES ($1, $2, 'Someone else''s parcel', $3, 'x')`,
    [randomUUID(), `REQ-9${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`, otherContact],
  );
  const options = picker.getByTestId('add-to-request-option');
  await expect(options.filter({ hasText: otherName })).toContainText("Someone else's parcel");
  await expect(options.first()).toContainText(code);
  await expect(options.first().getByTestId('add-to-request-customer')).toContainText('this customer');
  await expect(options.filter({ hasText: otherName }).getByTestId('add-to-request-customer')).toHaveText(
    otherName,
  );
  await picker.getByTestId('add-to-request-search').fill(code);
  await picker.getByTestId('add-to-request-option').filter({ hasText: code }).click();

  const post = page.getByTestId('request-detail').getByTestId('request-post');
  await expect(post).toContainText('New address: Main Street 5, Brno');
  await expect(post).toContainText('From the chat');
  const { rows } = await db.query(
    `SELECT p.body, p.source_message_id FROM request_post p JOIN request r ON r.id = p.request_id WHERE r.code = $1`,
    [code],
  );
  expect(rows).toEqual([{ body: 'New address: Main Street 5, Brno', source_message_id: messageId }]);

  // A discussion post typed by the operator, and a file kept with the request (then removed).
  const detail = page.getByTestId('request-detail');
  await detail.getByTestId('post-input').fill('Called the courier, new date Friday.');
  await detail.getByTestId('post-add').click();
  await expect(detail.getByTestId('request-post')).toHaveCount(2);
  const chooser = page.waitForEvent('filechooser');
  await detail.getByTestId('detail-add-file').click();
  await (await chooser).setFiles({
    name: 'proof.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4 test'),
  });
  const file = detail.getByTestId('detail-attachment');
  await expect(file).toContainText('proof.pdf');
  await expect(file.getByRole('link', { name: 'proof.pdf' })).toHaveAttribute(
    'href',
    /^\/files\/[^/]+\?download=1$/,
  );
  const files = async () =>
    (
      await db.query(
        `SELECT a.filename FROM request_attachment ra JOIN attachment a ON a.id = ra.attachment_id
           JOIN request r ON r.id = ra.request_id WHERE r.code = $1`,
        [code],
      )
    ).rows.map((r) => r.filename);
  await expect.poll(files).toEqual(['proof.pdf']);
  await file.getByRole('button', { name: 'Remove proof.pdf' }).click();
  await expect(detail.getByTestId('detail-attachment')).toHaveCount(0);
  await expect.poll(files).toEqual([]);
});
