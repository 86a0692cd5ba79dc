import { dayKey } from '../../schema/day-key.ts';
import { conversationOf, openConversation, simulatorCustomer } from './conversation-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

// Issue 15.6: what Meta bills shows where the operator works. A reply the simulator prices as billed
// (its status webhooks carry pricing, as Meta's do) counts once in the conversation's header and in the
// summary panel's "billed today" (the e2e stack runs in UTC).
test("a billed reply counts in the conversation and in today's summary", async ({ page, request, db }) => {
  const { waId } = await simulatorCustomer(request, 'Bill Able');
  const text = `Billing question ${waId}`;
  expect(
    (
      await request.post(`/simulator-api/customers/${waId}/messages`, { data: { type: 'text', text } })
    ).status(),
  ).toBe(201);
  const conversationId = await conversationOf(db, waId, 60_000);
  const billedToday = async () =>
    Number(
      (
        await db.query(
          'SELECT coalesce(sum(billable_count), 0)::int AS n FROM channel_day_stats WHERE day = $1',
          [dayKey(Date.now(), 'UTC')],
        )
      ).rows[0].n,
    );

  await signIn(page);
  await openConversation(page, conversationId);
  await expect(page.getByTestId('billable-count')).toHaveCount(0);
  await page.getByTestId('composer-input').fill('Here is the answer to your billing question.');
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('billable-count')).toHaveText('1 billed message', { timeout: 60_000 });

  await page.goto('/');
  const billable = page.getByTestId('summary-panel').getByTestId('summary-billable');
  const n = await billedToday();
  expect(n).toBeGreaterThanOrEqual(1);
  await expect(billable).toHaveText(`Messages Meta billed today: ${n}`, { timeout: 60_000 });
});
