import type { Page } from '@playwright/test';
import type pg from 'pg';
import { E2E } from './e2e-env.ts';
import { adminCookie, expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

// The demo number in simulator mode, end to end: a customer writes from the simulated phone, the
// operator replies in the composer, the reply goes through the outbox to the simulator's Graph API,
// the phone shows it, and Meta-like status webhooks (then the customer reading it) move the operator's
// ticks live: in progress → sent → delivered → read.

type PhoneMessage = { wamid: string; from: 'mine' | 'theirs'; text: string; status: string };

let session: Promise<string> | null = null;

async function sim(path: string, body?: unknown) {
  session ??= adminCookie();
  const res = await fetch(`${E2E.baseUrl}/simulator-api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', cookie: await session },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

test('an operator reply reaches the simulated phone and its ticks go in progress → sent → delivered → read', async ({
  page,
  db,
}) => {
  // The simulator's behaviour is per process, shared with other specs: put it back afterwards.
  const { config: before } = (await sim('/config')) as { config: Record<string, unknown> };
  const { webhookRetryDelaysMs: _notSettable, ...restore } = before;
  try {
    await replyAndWatchTicks(page, db);
  } finally {
    await sim('/config', restore);
  }
});

async function replyAndWatchTicks(page: Page, db: pg.Pool) {
  // Slow enough to see each state: Meta answers the send after 2.5 s and reports it delivered after 5 s.
  await sim('/config', {
    sentDelayMs: [200, 200],
    deliveredDelayMs: [4800, 4800],
    autoReadDelayMs: null,
    duplicateRate: 0,
    reorderRate: 0,
    slowResponseMs: 2500,
  });
  const { customer } = (await sim('/customers', { name: 'Petra Phone' })) as { customer: { waId: string } };
  await sim(`/customers/${customer.waId}/messages`, { type: 'text', text: 'Is my parcel on its way?' });
  const conversationOf = async () =>
    (
      await db.query(
        `SELECT c.id FROM conversation c JOIN contact ct ON ct.id = c.contact_id WHERE ct.wa_id = $1`,
        [customer.waId],
      )
    ).rows[0]?.id as string | undefined;
  await expect.poll(conversationOf, { timeout: 30_000 }).toBeTruthy();
  const conversationId = (await conversationOf()) as string;
  // The next send to this customer is accepted but answered late (a slow Graph API).
  await sim('/failures', {
    waId: customer.waId,
    stage: 'accept',
    errorCode: 131000,
    mode: 'accept_then_timeout',
    count: 1,
  });

  await signIn(page, E2E.operator);
  await page.goto(`/conversations/${conversationId}`);
  const thread = page.getByTestId('message-thread');
  await expect(
    thread.getByTestId('thread-message').filter({ hasText: 'Is my parcel on its way?' }),
  ).toBeVisible({
    timeout: 60_000,
  });

  const text = 'Yes, it left our warehouse this morning.';
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
  const tick = thread.getByTestId('thread-message').filter({ hasText: text }).locator('[data-status]');
  await expect(tick).toHaveAttribute('data-status', 'pending');
  await expect(tick).toHaveAttribute('data-status', 'sent');

  const phone = async () =>
    ((await sim(`/customers/${customer.waId}/messages`)) as { messages: PhoneMessage[] }).messages.filter(
      (m) => m.from === 'theirs',
    );
  await expect.poll(async () => (await phone()).map((m) => m.text)).toEqual([text]);

  await expect(tick).toHaveAttribute('data-status', 'delivered');
  // The customer opens the chat on the phone: WhatsApp's read status reaches the operator.
  await sim(`/customers/${customer.waId}/read`, {});
  await expect(tick).toHaveAttribute('data-status', 'read');

  const { rows } = await db.query(
    `SELECT status, wamid, operator_id FROM message WHERE conversation_id = $1 AND direction = 'out'`,
    [conversationId],
  );
  const [onPhone] = await phone();
  expect(rows).toEqual([{ status: 'read', wamid: onPhone?.wamid, operator_id: 'op-olga' }]);
}
