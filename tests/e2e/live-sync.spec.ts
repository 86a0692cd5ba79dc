import { randomUUID } from 'node:crypto';
import { recountChannelStats } from '../../server/conversations/recount-channel-stats.ts';
import { expect, signIn, test } from './fixtures.ts';

test('a conversation inserted into Postgres appears in the open Chats table without reload', async ({
  page,
  db,
}) => {
  await signIn(page);
  const table = page.getByTestId('chats-table');
  await expect(table.getByTestId('chat-row').first()).toBeVisible();

  const contactId = randomUUID();
  const conversationId = randomUUID();
  const name = `Live Sync ${conversationId.slice(0, 8)}`;
  await db.query(`INSERT INTO contact (id, wa_id, profile_name, phone) VALUES ($1, $2, $3, $4)`, [
    contactId,
    `4207${Date.now().toString().slice(-8)}`,
    name,
    '+420700000000',
  ]);
  await db.query(
    `INSERT INTO conversation (id, channel_id, contact_id, business_number, participant_name, participant_phone,
       last_message_preview, last_message_at, last_message_direction, last_message_status, unread_count,
       awaiting_reply, awaiting_since, customer_last_message_at)
     VALUES ($1, 'ch-demo', $2, '+1 555 010 0100', $3, '+420700000000', 'Inserted server-side', now(), 'in',
       'received', 2, true, now(), now())`,
    [conversationId, contactId, name],
  );
  await recountChannelStats(db);

  const row = table.locator(`[data-conversation-id="${conversationId}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText(name);
  await expect(row.getByTestId('unread-badge')).toHaveText('2');
  await expect(row.getByTestId('lighthouse')).toBeVisible();
  // Newest first: the inserted conversation tops the list.
  await expect(table.getByTestId('chat-row').first()).toHaveAttribute('data-conversation-id', conversationId);
});
