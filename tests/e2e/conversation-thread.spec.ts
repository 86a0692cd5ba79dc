import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { recountChannelStats } from '../../server/conversations/recount-channel-stats.ts';
import { openConversation } from './conversation-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

/** A fresh customer + open conversation on the demo channel, its window opened `hoursAgo` ago. */
async function newConversation(db: pg.Pool, name: string, hoursAgo = 1) {
  const suffix = randomUUID().slice(0, 8);
  const contactId = `ct-${suffix}`;
  const conversationId = `cv-${suffix}`;
  await db.query(`INSERT INTO contact (id, wa_id, profile_name, phone) VALUES ($1, $2, $3, $4)`, [
    contactId,
    `42060${Date.now().toString().slice(-7)}`,
    name,
    '+420600000000',
  ]);
  await db.query(
    `INSERT INTO conversation (id, channel_id, contact_id, business_number, participant_name, participant_phone,
       last_message_preview, last_message_at, last_message_direction, last_message_status, unread_count,
       awaiting_reply, awaiting_since, customer_last_message_at)
     VALUES ($1, 'ch-demo', $2, '+1 555 010 0100', $3, '+420600000000', '', now(), 'in', 'received', 0, true, now(),
       now() - make_interval(hours => $4))`,
    [conversationId, contactId, name, hoursAgo],
  );
  await recountChannelStats(db);
  return conversationId;
}

type Msg = {
  id: string;
  direction?: 'in' | 'out';
  type?: string;
  body?: string;
  payload?: unknown;
  at: string;
  status?: string;
  extra?: Record<string, unknown>;
};

async function insertMessages(db: pg.Pool, conversationId: string, messages: Msg[]) {
  for (const m of messages) {
    const extra = m.extra ?? {};
    const cols = Object.keys(extra);
    await db.query(
      `INSERT INTO message (id, conversation_id, wamid, direction, type, body, payload, status, created_at, received_at
         ${cols.map((c) => `, ${c}`).join('')})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9 ${cols.map((_, i) => `, $${10 + i}`).join('')})`,
      [
        m.id,
        conversationId,
        `wamid.${m.id}`,
        m.direction ?? 'in',
        m.type ?? 'text',
        m.body ?? '',
        m.payload === undefined ? null : JSON.stringify(m.payload),
        m.status ?? (m.direction === 'out' ? 'delivered' : 'received'),
        m.at,
        ...Object.values(extra),
      ],
    );
  }
}

/**
 * A time today, about `minutes` ago: shortly after midnight the hour before is yesterday, so today's messages
 * are squeezed into the minutes since midnight (same order) and the day separators stay what the test expects.
 */
function todayMinutesAgo(minutes: number): string {
  const now = Date.now();
  const midnight = new Date(now).setHours(0, 0, 0, 0);
  const span = Math.min(now - midnight, 60 * 60_000);
  return new Date(now - (minutes / 60) * span).toISOString();
}

test('the thread shows days, authors, ticks, failures, links as links, locations, contacts, quotes and reactions', async ({
  page,
  db,
}) => {
  const conversationId = await newConversation(db, 'Thread Render');
  const p = conversationId.slice(3);
  await db.query(
    `INSERT INTO attachment (id, filename, mime_type, size_bytes, state) VALUES ($1, 'invoice.pdf', 'application/pdf', 2048, 'pending')`,
    [`att-${p}`],
  );
  await insertMessages(db, conversationId, [
    { id: `${p}-1`, body: 'Yesterday question', at: new Date(Date.now() - 26 * 3600_000).toISOString() },
    {
      id: `${p}-2`,
      body: 'See https://example.com/track?id=7 <script>alert("x")</script> <b>bold</b>',
      at: todayMinutesAgo(50),
    },
    {
      id: `${p}-3`,
      type: 'location',
      body: 'Brno branch',
      payload: { latitude: 49.1951, longitude: 16.6068, name: 'Brno branch', address: 'Main Street 1' },
      at: todayMinutesAgo(40),
    },
    {
      id: `${p}-4`,
      type: 'contacts',
      body: 'Petr Novak',
      payload: {
        contacts: [
          { name: { formatted_name: 'Petr Novak' }, phones: [{ phone: '+420 777 000 111', type: 'CELL' }] },
        ],
      },
      at: todayMinutesAgo(30),
    },
    {
      id: `${p}-5`,
      direction: 'out',
      body: 'We will check, sorry!',
      status: 'failed',
      at: todayMinutesAgo(20),
      extra: {
        operator_id: 'op-olga',
        error_code: 131047,
        error_title: 'Re-engagement message',
        reply_to_message_id: `${p}-2`,
      },
    },
    {
      id: `${p}-6`,
      type: 'document',
      body: 'invoice.pdf',
      at: todayMinutesAgo(10),
      extra: { attachment_id: `att-${p}` },
    },
  ]);
  await db.query(
    `INSERT INTO message_reaction (id, message_id, conversation_id, actor, emoji) VALUES
     ($1, $2, $3, 'customer', '👍'), ($4, $2, $3, 'op-olga', '👍')`,
    [`r1-${p}`, `${p}-5`, conversationId, `r2-${p}`],
  );

  await signIn(page);
  await openConversation(page, conversationId);
  const thread = page.getByTestId('message-thread');
  await expect(thread.getByTestId('thread-message')).toHaveCount(6);
  // Fewer messages than a page: the whole conversation is there, and the thread says so.
  await expect(thread).toContainText('Beginning of the conversation');
  await expect(thread.getByTestId('day-separator')).toHaveCount(2);
  await expect(thread.getByTestId('day-separator').last()).toContainText('Today');

  const text = page.locator(`[data-message-id="${p}-2"]`);
  const link = text.getByRole('link', { name: 'https://example.com/track?id=7' });
  await expect(link).toHaveAttribute('href', 'https://example.com/track?id=7');
  await expect(link).toHaveAttribute('rel', /noopener/);
  // Markup from the customer is shown as text, never interpreted.
  await expect(text.getByTestId('message-text')).toContainText('<script>alert("x")</script> <b>bold</b>');
  await expect(text.locator('b, script')).toHaveCount(0);
  await expect(text.getByTestId('message-author')).toHaveText('Thread Render');

  const location = page.locator(`[data-message-id="${p}-3"]`).getByRole('link', { name: /Open in map/ });
  await expect(location).toHaveAttribute('href', /openstreetmap\.org\/\?mlat=49\.1951&mlon=16\.6068/);
  await expect(page.locator(`[data-message-id="${p}-4"]`).getByTestId('contact-card')).toContainText(
    '+420 777 000 111',
  );

  const failed = page.locator(`[data-message-id="${p}-5"]`);
  await expect(failed.getByTestId('message-author')).toHaveText('Olga Operator');
  await expect(failed.getByTestId('failure-reason')).toContainText('131047');
  await expect(failed.getByTestId('failure-reason')).toContainText('Re-engagement message');
  await expect(failed.locator('[data-status="failed"]')).toBeVisible();
  await expect(failed.getByTestId('quoted-message')).toContainText('See https://example.com/track?id=7');
  await expect(failed.getByTestId('reaction')).toHaveText(['👍 2']);

  // Inbound media still downloading, then ready (the worker flips the row): the thread follows live.
  const doc = page.locator(`[data-message-id="${p}-6"]`);
  await expect(doc).toContainText('Downloading…');
  await db.query(`UPDATE attachment SET state = 'ready' WHERE id = $1`, [`att-${p}`]);
  await expect(doc.getByRole('link', { name: 'invoice.pdf' })).toHaveAttribute(
    'href',
    `/files/att-${p}?download=1`,
  );

  // A new customer message arrives live and the thread follows it to the bottom.
  await insertMessages(db, conversationId, [
    { id: `${p}-7`, body: 'Are you still there?', at: new Date().toISOString() },
  ]);
  await expect(page.locator(`[data-message-id="${p}-7"]`)).toBeInViewport();
});

test('opening a conversation clears its unread count', async ({ page, db }) => {
  await db.query(`UPDATE conversation SET unread_count = 3 WHERE id = 'cv-demo-4'`);
  await recountChannelStats(db);
  await signIn(page);
  await openConversation(page, 'cv-demo-4');
  await expect(page.getByTestId('message-thread')).toContainText('Is the branch in Brno open on Saturday?');
  await expect
    .poll(
      async () =>
        (await db.query(`SELECT unread_count FROM conversation WHERE id = 'cv-demo-4'`)).rows[0]
          ?.unread_count,
    )
    .toBe(0);
  const stats = await db.query(
    `SELECT s.unread_count, (SELECT count(*)::int FROM conversation c WHERE c.channel_id = s.channel_id AND c.unread_count > 0) AS recount
       FROM channel_stats s WHERE s.channel_id = 'ch-demo'`,
  );
  expect(stats.rows[0].unread_count).toBe(stats.rows[0].recount);
});

test('a 10,000-message conversation opens at the newest message, keeps the DOM small and loads older pages on scroll', async ({
  page,
  db,
}) => {
  const conversationId = await newConversation(db, 'Very Long Thread');
  await db.query(
    `INSERT INTO message (id, conversation_id, direction, type, body, status, operator_id, created_at, received_at)
     SELECT $1 || '-' || n, $1, CASE WHEN n % 3 = 0 THEN 'out' ELSE 'in' END, 'text', 'Message number ' || n,
            CASE WHEN n % 3 = 0 THEN 'read' ELSE 'received' END, CASE WHEN n % 3 = 0 THEN 'op-olga' END,
            now() - make_interval(mins => 10001 - n), now() - make_interval(mins => 10001 - n)
       FROM generate_series(1, 10000) AS n`,
    [conversationId],
  );
  await signIn(page);
  await page.goto(`/conversations/${conversationId}`);
  const thread = page.getByTestId('message-thread');
  // zero-cache first replicates the 10,000 inserted rows: give that its time, then the view is instant.
  await expect(thread.locator(`[data-message-id="${conversationId}-10000"]`)).toBeInViewport({
    timeout: 90_000,
  });
  expect(await thread.getByTestId('thread-message').count()).toBeLessThan(60);

  // Scroll to the top again and again: older pages (50, then 250, 500 and 1,000 newest messages) load while
  // the DOM stays small. The fourth page reaches below message 9,500. Reaching message 1 would only repeat
  // this with ever larger windows; the short thread above shows the beginning of a conversation.
  test.setTimeout(240_000);
  const oldestRendered = () =>
    thread.evaluate((el, prefix) => {
      const ids = [...el.querySelectorAll('[data-message-id]')].map((m) =>
        Number(m.getAttribute('data-message-id')?.slice(prefix.length + 1)),
      );
      return Math.min(...ids.filter((n) => Number.isFinite(n)));
    }, conversationId);
  await expect(async () => {
    await thread.evaluate((el) => {
      el.scrollTop = 0;
    });
    expect(await oldestRendered()).toBeLessThan(9500);
  }).toPass({ timeout: 180_000 });
  expect(await thread.getByTestId('thread-message').count()).toBeLessThan(60);
});
