import { conversationOf, openConversation, simulatorCustomer } from './conversation-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

// Issue 15.5 in the browser: a customer known only by username answers a template's "Request contact
// info" button with their own card (played by the simulator as Meta's webhook); the thread marks the
// card as theirs and the conversation now shows their number.
test("the customer's own card from Request contact info gives the conversation their number", async ({
  page,
  request,
  db,
}) => {
  const { waId, event } = await simulatorCustomer(request, 'Card Sharer');
  const userId = `US.${Date.now()}${Math.floor(Math.random() * 1000)}`;
  await event({ kind: 'username_message', userId, username: 'cardsharer', text: 'Hello, by username' });
  const conversationId = await conversationOf(db, userId, 60_000);

  await signIn(page);
  await openConversation(page, conversationId);
  const thread = page.getByTestId('message-thread');
  await expect(thread.getByText('Hello, by username')).toBeVisible({ timeout: 30_000 });

  await event({ kind: 'contact_shared', userId, email: 'card.sharer@example.com' });
  const card = thread.getByTestId('contact-card');
  await expect(card).toContainText('card.sharer@example.com', { timeout: 30_000 });
  await expect(card.getByTestId('contact-request-label')).toContainText('Request contact info');
  await expect(page.getByText(`+${waId} · #`)).toBeVisible({ timeout: 30_000 });
});
