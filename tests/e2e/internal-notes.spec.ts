import { uniqueToken } from './chats-helpers.ts';
import { newConversation, openConversation } from './conversation-helpers.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

// Issue 13.6: internal notes are written in the thread for colleagues only; "@name" alerts that colleague.
test('a note with @Olga stays in the thread, is never sent, and alerts Olga, who opens it from the toast', async ({
  browser,
  db,
}) => {
  test.setTimeout(240_000); // two sign-ins and two live clients on a shared 2-core machine
  const token = uniqueToken();
  const { conversationId } = await newConversation(db, `Noted ${token}`);
  const adaCtx = await browser.newContext();
  const olgaCtx = await browser.newContext();
  try {
    const ada = await adaCtx.newPage();
    const olga = await olgaCtx.newPage();
    await signIn(olga, E2E.operator);
    await signIn(ada, E2E.admin);
    await openConversation(ada, conversationId);

    // Note mode: "@Ol" suggests Olga; Enter completes the name, a second Enter saves the note.
    await ada.getByTestId('composer-mode').getByText('Internal note').click();
    const input = ada.getByTestId('note-input');
    await input.pressSequentially('@Ol');
    await expect(ada.getByTestId('mention-suggestions')).toContainText('@Olga Operator');
    await input.press('Enter');
    await expect(input).toHaveValue('@Olga Operator ');
    await input.pressSequentially(`please call her back ${token}`);
    await input.press('Enter');

    const note = ada.getByTestId('message-thread').getByTestId('thread-note');
    await expect(note).toContainText(`@Olga Operator please call her back ${token}`);
    await expect(note).toContainText('Internal note · Ada Admin');
    await expect(input).toHaveValue('');

    // Saved as a note, with no send job: the customer never gets it; the conversation still waits for a reply.
    await expect
      .poll(
        async () =>
          (await db.query(`SELECT type FROM message WHERE body LIKE $1`, [`%call her back ${token}`])).rows,
      )
      .toEqual([{ type: 'note' }]);
    const noteId = (await db.query(`SELECT id FROM message WHERE body LIKE $1`, [`%call her back ${token}`]))
      .rows[0].id;
    const jobs = await db.query('SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = $1', [
      noteId,
    ]);
    expect(jobs.rows[0].n).toBe(0);
    const conv = await db.query(
      'SELECT awaiting_reply, last_message_direction FROM conversation WHERE id = $1',
      [conversationId],
    );
    expect(conv.rows[0]).toEqual({ awaiting_reply: true, last_message_direction: 'in' });

    // Olga, on the Chats list, is told; the toast opens the conversation, which marks the mention seen.
    const toast = olga.getByTestId('alert-toast').filter({ hasText: 'Ada Admin mentioned you' });
    await expect(toast).toContainText(`please call her back ${token}`, { timeout: 30_000 });
    await toast.getByRole('button', { name: 'Open' }).click();
    await expect(olga).toHaveURL(`/conversations/${conversationId}`);
    await expect(olga.getByTestId('message-thread').getByTestId('thread-note')).toContainText(token);
    await expect
      .poll(
        async () =>
          (
            await db.query(
              `SELECT seen_at IS NOT NULL AS seen FROM note_mention WHERE message_id = $1 AND operator_id = 'op-olga'`,
              [noteId],
            )
          ).rows,
      )
      .toEqual([{ seen: true }]);
    // Leave Olga's tabs as they were for later specs.
    await olga
      .locator('[data-testid="conversation-tab"][data-active]')
      .getByTestId('conversation-tab-close')
      .click();
  } finally {
    await adaCtx.close();
    await olgaCtx.close();
  }
});
