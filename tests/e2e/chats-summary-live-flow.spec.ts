import { loadLocalSecrets } from '../../server/config/local-secrets.ts';
import { createSecretBox } from '../../server/crypto/secret-box.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import { fixtureMessage, messagesWebhook } from '../support/webhook-fixtures.ts';
import { FIRST_SYNC, uniqueToken } from './chats-helpers.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

// The demo business number (simulator mode): its generated app secret signs the webhook as Meta would.
const DEMO = {
  phoneNumberId: '100000000000001',
  displayPhoneNumber: '15550100100',
  wabaId: '200000000000001',
};

test('a customer writes and the operator replies: the summary panel follows both, live', async ({
  page,
  db,
}) => {
  const token = uniqueToken();
  const waId = `4207${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
  const { rows } = await db.query(
    `SELECT app_secret_enc FROM private.channel_secret WHERE channel_id = 'ch-demo'`,
  );
  const appSecret = createSecretBox(loadLocalSecrets(E2E.dataDir).encryptionKey).open(rows[0].app_secret_enc);

  await signIn(page, E2E.operator);
  const panel = page.getByTestId('summary-panel');
  const waiting = panel.getByTestId('summary-waiting-count');
  const handled = panel.getByTestId('summary-handled');
  await expect(waiting).toHaveText(/^\d+$/, { timeout: FIRST_SYNC });
  await expect(handled).toHaveText(/^\d+$/);
  // Settle on the synced values before reading them.
  const stats = await db.query(`SELECT waiting_count FROM channel_stats WHERE channel_id = 'ch-demo'`);
  await expect(waiting).toHaveText(String(stats.rows[0].waiting_count));
  const w0 = Number(await waiting.textContent());
  const h0 = Number(await handled.textContent());

  // The customer writes: Meta's webhook, signed, into the inbound pipeline.
  const body = JSON.stringify(
    messagesWebhook([fixtureMessage.text(`Hello, ${token} here`, { from: waId })], {
      ...DEMO,
      names: { [waId]: `Customer ${token}` },
    }),
  );
  const res = await page.request.post('/webhooks/whatsapp', {
    data: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, appSecret) },
  });
  expect(res.status()).toBe(200);
  await expect(waiting).toHaveText(String(w0 + 1));
  await page.getByTestId('chats-search').fill(token);
  const row = page.getByTestId('chat-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('lighthouse')).toBeVisible();

  // The operator replies in the conversation, then comes back to the list.
  await row.dblclick();
  const input = page.getByTestId('composer-input');
  await input.fill(`Thanks ${token}, looking into it.`);
  await input.press('Enter');
  await page.getByTestId('tab-chats-home').click();
  await expect(handled).toHaveText(String(h0 + 1));
  await expect(waiting).toHaveText(String(w0));
  await expect(row.getByTestId('lighthouse')).toHaveCount(0);
  await expect(row.locator('[data-column="operator"]')).toHaveText('Olga Operator');
});
