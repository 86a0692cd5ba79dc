import { conversationOf, openConversation, simulatorCustomer } from './conversation-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

// Issue 15.2 in the browser: a conversation Meta Business Agent answers shows it; the operator takes it
// over and hands it back with the registered commands (the header's buttons), each leaving an event in
// the thread; the agent passing the conversation to the team (Meta's messaging_handovers, played by the
// simulator) shows too. The simulator stands in for Meta's Thread control API.
test('Take over from Meta Business Agent and hand back', async ({ page, request, db }) => {
  const { waId, event } = await simulatorCustomer(request, 'Agent Handover');
  await event({
    kind: 'standby',
    text: 'Can I change my delivery address?',
    reply: 'Sure, what is the new one?',
  });
  const conversationId = await conversationOf(db, waId, 60_000);
  await expect
    .poll(
      async () =>
        (await db.query('SELECT thread_control FROM conversation WHERE id = $1', [conversationId])).rows[0]
          ?.thread_control,
      { timeout: 60_000 },
    )
    .toBe('agent');

  await signIn(page);
  await openConversation(page, conversationId);
  const control = page.getByTestId('thread-control');
  const thread = page.getByTestId('message-thread');
  await expect(control).toHaveText('Meta Business Agent is answering', { timeout: 30_000 });
  await expect(page.getByTestId('command-handBack')).toHaveCount(0);

  await page.getByTestId('command-takeOver').click();
  await expect(control).toHaveText('Your team is answering');
  await expect(thread.locator('[data-testid="system-event"][data-kind="taken_over"]')).toContainText(
    'took over from Meta Business Agent',
  );
  await expect(page.getByTestId('command-takeOver')).toHaveCount(0);

  await page.getByTestId('command-handBack').click();
  await expect(control).toHaveText('Handed back');
  await expect(thread.locator('[data-testid="system-event"][data-kind="handed_back"]')).toContainText(
    'handed the conversation back to Meta Business Agent',
  );

  // The agent escalates to a human: Meta passes the thread to the team.
  await event({ kind: 'handover', type: 'control_passed' });
  await expect(control).toHaveText('Your team is answering', { timeout: 30_000 });
  await expect(thread.locator('[data-testid="system-event"][data-kind="control_passed"]')).toContainText(
    'Meta Business Agent passed the conversation to your team',
  );
  // The simulator accepted both Thread control calls: no refusal in the thread.
  await expect(thread.locator('[data-testid="system-event"][data-kind="control_failed"]')).toHaveCount(0);
});
