// Fault: a customer whose name and messages are markup, script and SQL, delivered through the real signed
// webhook. The Chats table and the thread show the text literally; nothing in it runs or becomes markup.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSecretBox } from '../../server/crypto/secret-box.ts';
import { DEMO_SIMULATOR_PHONE_NUMBER_ID } from '../../server/seed/demo-workspace.ts';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import { HOSTILE_TEXTS } from '../support/hostile.ts';
import { fixtureMessage, messagesWebhook } from '../support/webhook-fixtures.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

test('hostile customer text is shown as text and never runs', async ({ page, db, request }) => {
  // The demo channel's app secret, as the running stack stored it (sealed with its local key).
  const { encryptionKey } = JSON.parse(
    readFileSync(path.join(E2E.dataDir, 'local-secrets.json'), 'utf8'),
  ) as {
    encryptionKey: string;
  };
  const { rows } = await db.query<{ app_secret_enc: string }>(
    `SELECT app_secret_enc FROM private.channel_secret WHERE channel_id = 'ch-demo'`,
  );
  const appSecret = createSecretBox(encryptionKey).open(rows[0]?.app_secret_enc ?? '');

  const name = '<img src=x onerror="window.__pwned=1"> Mallory';
  const from = `4917${Date.now().toString().slice(-8)}`;
  const now = Math.floor(Date.now() / 1000);
  const texts = HOSTILE_TEXTS.filter((t) => !t.includes('\uD800') && t.length < 200);
  const body = serializeLikeMeta(
    messagesWebhook(
      texts.map((t, i) => fixtureMessage.text(t, { from, timestamp: now - texts.length + i })),
      { phoneNumberId: DEMO_SIMULATOR_PHONE_NUMBER_ID, names: { [from]: name } },
    ),
  );
  const res = await request.post('/webhooks/whatsapp', {
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, appSecret) },
    data: body,
  });
  expect(res.status()).toBe(200);

  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page);
  const row = page.getByTestId('chat-row').filter({ hasText: 'Mallory' }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText(name);
  await row.dblclick();
  const thread = page.getByTestId('message-thread');
  for (const t of texts.slice(0, 5)) await expect(thread).toContainText(t.replace('\u0000', ''));

  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // Nothing of the text became an element: no image, SVG or script from customer content.
  expect(await page.locator('main img[src="x"], main svg[onload], main script').count()).toBe(0);
});
