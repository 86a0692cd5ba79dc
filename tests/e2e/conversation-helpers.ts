import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
import type pg from 'pg';
import { recountChannelStats } from '../../server/conversations/recount-channel-stats.ts';
import { expect } from './fixtures.ts';

/** A fresh customer with an open conversation on the demo channel; the customer wrote `hoursAgo` ago. */
export async function newConversation(db: pg.Pool, name: string, hoursAgo = 1) {
  const suffix = randomUUID().slice(0, 8);
  const contactId = `ct-${suffix}`;
  const conversationId = `cv-${suffix}`;
  const waId = `42060${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  await db.query(`INSERT INTO contact (id, wa_id, profile_name, phone) VALUES ($1, $2, $3, $4)`, [
    contactId,
    waId,
    name,
    `+${waId}`,
  ]);
  await db.query(
    `INSERT INTO conversation (id, channel_id, contact_id, business_number, participant_name, participant_phone,
       last_message_preview, last_message_at, last_message_direction, last_message_status, unread_count,
       awaiting_reply, awaiting_since, customer_last_message_at)
     VALUES ($1, 'ch-demo', $2, '+1 555 010 0100', $3, $4, '', now(), 'in', 'received', 0, true, now(),
       now() - make_interval(mins => $5))`,
    [conversationId, contactId, name, `+${waId}`, Math.round(hoursAgo * 60)],
  );
  const messageId = `${conversationId}-first`;
  await db.query(
    `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status, created_at, received_at)
     VALUES ($1, $2, $3, 'in', 'text', $4, 'received', now() - make_interval(mins => $5), now())`,
    [messageId, conversationId, `wamid.${messageId}`, `Hello from ${name}`, Math.round(hoursAgo * 60)],
  );
  await recountChannelStats(db);
  return { conversationId, messageId, waId };
}

/** A 1×1 PNG. */
export const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Opens a conversation and waits until its view is there (the first sync on a busy machine can be slow). */
export async function openConversation(page: Page, conversationId: string) {
  await page.goto(`/conversations/${conversationId}`);
  await expect(page.getByTestId('conversation-view')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('message-thread').getByTestId('thread-message').first()).toBeVisible({
    timeout: 60_000,
  });
}

/** A customer of the simulator writes to the demo business number, through the signed webhook. */
export async function customerWrites(page: Page, waId: string, name: string, text: string) {
  const headers = { origin: new URL(page.url() || 'http://localhost').origin };
  const created = await page.request.post('/simulator-api/customers', { data: { name, waId }, headers });
  expect([201, 200], await created.text()).toContain(created.status());
  const sent = await page.request.post(`/simulator-api/customers/${waId}/messages`, {
    data: { type: 'text', text },
    headers,
  });
  expect(sent.status(), await sent.text()).toBe(201);
}

/** The conversation a simulator customer's messages went to (it exists once the webhook is applied). */
export async function conversationOf(db: pg.Pool, waId: string, timeout?: number): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        const { rows } = await db.query(
          `SELECT cv.id FROM conversation cv JOIN contact ct ON ct.id = cv.contact_id WHERE ct.wa_id = $1`,
          [waId],
        );
        id = rows[0]?.id;
        return id;
      },
      { timeout },
    )
    .toBeTruthy();
  return id as string;
}

/**
 * A new customer of the simulator with a number of their own; `event` plays one of Meta's events for them
 * (POST /simulator-api/customers/:waId/events), as the phone page's "Meta events" menu does.
 */
export async function simulatorCustomer(request: APIRequestContext, name: string) {
  const waId = `4207${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
  expect((await request.post('/simulator-api/customers', { data: { name, waId } })).status()).toBe(201);
  const event = async (data: Record<string, unknown>) =>
    expect((await request.post(`/simulator-api/customers/${waId}/events`, { data })).status()).toBe(200);
  return { waId, event };
}
