import { randomUUID } from 'node:crypto';
import { loadLocalSecrets } from '../../server/config/local-secrets.ts';
import { recountChannelStats } from '../../server/conversations/recount-channel-stats.ts';
import { createSecretBox } from '../../server/crypto/secret-box.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';
import { MetaStandIn } from './outbound-meta-standin.ts';

test.describe.configure({ timeout: 180_000 });

// An operator's reply through the whole product: composer → messages.sendText (optimistic, then the
// server writes the message and its outbox job in one transaction) → the outbox worker in the API
// process → the Graph API → Meta's status webhooks through /webhooks/whatsapp → the operator's ticks,
// live: in progress → sent → delivered → read. Meta is played by a local stand-in for a second
// business number, so each step happens when the test says and can be seen.

const CHANNEL_ID = 'ch-e2e-ticks';
const PHONE_NUMBER_ID = '100000000000777';
const DISPLAY = '+1 555 010 0777';
const WABA_ID = '200000000000777';
const APP_SECRET = 'e2e-ticks-app-secret-0123456789';

test('a reply reaches the customer phone and its ticks go in progress → sent → delivered → read live', async ({
  page,
  db,
}) => {
  const meta = await new MetaStandIn({
    phoneNumberId: PHONE_NUMBER_ID,
    displayPhoneNumber: DISPLAY,
    wabaId: WABA_ID,
    appSecret: APP_SECRET,
    webhookUrl: `${E2E.baseUrl}/webhooks/whatsapp`,
  }).start();
  const suffix = randomUUID().slice(0, 8);
  const conversationId = `cv-ticks-${suffix}`;
  const waId = `42077${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  try {
    // The second business number, on the stand-in (secrets sealed with the stack's key, as Settings would).
    const box = createSecretBox(loadLocalSecrets(E2E.dataDir).encryptionKey);
    await db.query(
      `INSERT INTO channel (id, slot, display_phone_number, phone_number_id, waba_id, graph_url, mode, health)
       VALUES ($1, 2, $2, $3, $4, $5, 'meta', 'ok')`,
      [CHANNEL_ID, DISPLAY, PHONE_NUMBER_ID, WABA_ID, meta.graphUrl],
    );
    await db.query('INSERT INTO channel_stats (channel_id) VALUES ($1)', [CHANNEL_ID]);
    await db.query(
      `INSERT INTO private.channel_secret (channel_id, access_token_enc, app_secret_enc, verify_token_enc)
       VALUES ($1, $2, $3, $4)`,
      [CHANNEL_ID, box.seal('EAA-e2e-ticks-token'), box.seal(APP_SECRET), box.seal('e2e-verify')],
    );
    await db.query('INSERT INTO contact (id, wa_id, profile_name, phone) VALUES ($1, $2, $3, $4)', [
      `ct-ticks-${suffix}`,
      waId,
      'Tina Ticks',
      `+${waId}`,
    ]);
    await db.query(
      `INSERT INTO conversation (id, channel_id, contact_id, business_number, participant_name, participant_phone,
         last_message_id, last_message_preview, last_message_at, last_message_direction, last_message_status,
         unread_count, awaiting_reply, awaiting_since, customer_last_message_at)
       VALUES ($1, $2, $3, $4, 'Tina Ticks', $5, $6, 'Where is my order?', now(), 'in', 'received', 1, true, now(), now())`,
      [conversationId, CHANNEL_ID, `ct-ticks-${suffix}`, DISPLAY, `+${waId}`, `msg-ticks-${suffix}`],
    );
    await db.query(
      `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status)
       VALUES ($1, $2, $3, 'in', 'text', 'Where is my order?', 'received')`,
      [`msg-ticks-${suffix}`, conversationId, `wamid.TICKS${suffix}`],
    );
    await recountChannelStats(db);

    await signIn(page, E2E.operator);
    await page.goto(`/conversations/${conversationId}`);
    const thread = page.getByTestId('message-thread');
    await expect(thread.getByTestId('thread-message').filter({ hasText: 'Where is my order?' })).toBeVisible({
      timeout: 60_000,
    });

    const text = `It left our warehouse today (${suffix}).`;
    const input = page.getByTestId('composer-input');
    await input.fill(text);
    await input.press('Enter');

    const reply = thread.getByTestId('thread-message').filter({ hasText: text });
    const tick = reply.locator('[data-status]');
    // Meta holds the send: the operator sees it at once, in progress.
    await meta.waitForHeldSend();
    await expect(tick).toHaveAttribute('data-status', 'pending');
    expect(meta.phone).toHaveLength(0);

    meta.releaseSend();
    await expect(tick).toHaveAttribute('data-status', 'sent');
    expect(meta.phone.map((m) => ({ to: m.to, text: m.text }))).toEqual([{ to: waId, text }]);
    const [onPhone] = meta.phone;
    if (!onPhone) throw new Error('the phone received nothing');
    const messageId = await reply.getAttribute('data-message-id');
    // Our message id travels with the send, so Meta's statuses can prove acceptance after a crash.
    expect(onPhone.callbackData).toBe(messageId);

    await meta.status(onPhone, 'sent');
    await meta.status(onPhone, 'delivered');
    await expect(tick).toHaveAttribute('data-status', 'delivered');
    await meta.status(onPhone, 'read');
    await expect(tick).toHaveAttribute('data-status', 'read');

    const { rows } = await db.query('SELECT wamid, status, operator_id FROM message WHERE id = $1', [
      messageId,
    ]);
    expect(rows).toEqual([{ wamid: onPhone.wamid, status: 'read', operator_id: 'op-olga' }]);
    // Sent exactly once.
    expect(meta.phone).toHaveLength(1);
  } finally {
    await meta.close();
    // Leave the shared stack as it was: slot 2 is free again for the Settings tests.
    await db.query(`UPDATE operator_preference SET open_tabs = open_tabs - $1::text`, [conversationId]);
    await db.query('DELETE FROM message_reaction WHERE conversation_id = $1', [conversationId]);
    await db.query('DELETE FROM message WHERE conversation_id = $1', [conversationId]);
    await db.query('DELETE FROM conversation WHERE channel_id = $1', [CHANNEL_ID]);
    await db.query('DELETE FROM contact WHERE id = $1', [`ct-ticks-${suffix}`]);
    await db.query('DELETE FROM channel WHERE id = $1', [CHANNEL_ID]);
  }
});
