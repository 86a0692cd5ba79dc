// Shared set-up for the outbound tests: a channel pointing at the fake Graph API (tests/support/fake-graph.ts),
// customers with open and closed 24-hour windows, and Meta's status webhooks delivered through the real
// webhook endpoint.
import type { Hono } from 'hono';
import type { AppBindings, AppDeps } from '../../server/http/app-context.ts';
import { inboundCapability } from '../../server/inbound/inbound-capability.ts';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import {
  ACCESS_TOKEN,
  type AcceptedMessage,
  APP_SECRET,
  DISPLAY_NUMBER,
  PHONE_NUMBER_ID,
  WABA_ID,
} from '../support/fake-graph.ts';
import type { TestDatabase } from '../support/test-database.ts';
import { fixtureStatus, statusesWebhook } from '../support/webhook-fixtures.ts';
import { createTestApp } from './test-app.ts';

export const CHANNEL_ID = 'ch-out';
/** The app's real webhook endpoint, for Meta's status webhooks. */
export function webhookApp(deps: AppDeps): Hono<AppBindings> {
  return createTestApp(deps, [inboundCapability(deps, { mediaWorker: false })]);
}

/** POSTs Meta's status webhook for an accepted message, signed like Meta. */
export async function deliverStatus(
  app: Hono<AppBindings>,
  m: Pick<AcceptedMessage, 'wamid' | 'to' | 'callbackData'>,
  status: 'sent' | 'delivered' | 'read',
) {
  const item = { ...fixtureStatus[status](m.wamid, { recipient: m.to }) } as Record<string, unknown>;
  if (m.callbackData) item.biz_opaque_callback_data = m.callbackData;
  const body = serializeLikeMeta(
    statusesWebhook([item], {
      wabaId: WABA_ID,
      phoneNumberId: PHONE_NUMBER_ID,
      displayPhoneNumber: DISPLAY_NUMBER,
    }),
  );
  const res = await app.request('/webhooks/whatsapp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, APP_SECRET) },
    body,
  });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
}

export type Customer = { contactId: string; conversationId: string; waId: string; inboundWamid: string };

/**
 * Operators (olga operator, rita read-only, nora without template permission, sam scoped to another
 * channel), the channel on the fake Graph API, and `count` customers who wrote `ageMs` ago.
 */
export async function seedOutbound(db: TestDatabase, deps: AppDeps, graphUrl: string) {
  await db.pool.query(
    `INSERT INTO operator (id, name, email, role, can_send_templates, channel_scope) VALUES
       ('op-olga', 'Olga Operator', 'olga@example.com', 'operator', true, NULL),
       ('op-rita', 'Rita Readonly', 'rita@example.com', 'readonly', true, NULL),
       ('op-nora', 'Nora NoTemplates', 'nora@example.com', 'operator', false, NULL),
       ('op-sam', 'Sam Scoped', 'sam@example.com', 'operator', true, '["ch-other"]'::jsonb)`,
  );
  await db.pool.query(
    `INSERT INTO channel (id, slot, display_phone_number, phone_number_id, waba_id, graph_url, mode, health)
     VALUES ($1, 1, $2, $3, $4, $5, 'meta', 'ok')`,
    [CHANNEL_ID, DISPLAY_NUMBER, PHONE_NUMBER_ID, WABA_ID, graphUrl],
  );
  await db.pool.query('INSERT INTO channel_stats (channel_id) VALUES ($1)', [CHANNEL_ID]);
  await db.pool.query(
    `INSERT INTO private.channel_secret (channel_id, access_token_enc, app_secret_enc, verify_token_enc)
     VALUES ($1, $2, $3, $4)`,
    [
      CHANNEL_ID,
      deps.secretBox.seal(ACCESS_TOKEN),
      deps.secretBox.seal(APP_SECRET),
      deps.secretBox.seal('verify'),
    ],
  );
}

let customerSeq = 0;

/** A customer whose last message arrived `ageMs` ago, waiting for a reply (lighthouse on). */
export async function addCustomer(db: TestDatabase, ageMs = 3600_000): Promise<Customer> {
  customerSeq += 1;
  const n = `${process.pid}${customerSeq}`.slice(-8);
  const c: Customer = {
    contactId: `ct-${n}`,
    conversationId: `cv-${n}`,
    waId: `4207${n.padStart(8, '0')}`,
    inboundWamid: `wamid.IN${n}`,
  };
  const at = new Date(Date.now() - ageMs);
  await db.pool.query('INSERT INTO contact (id, wa_id, profile_name, phone) VALUES ($1, $2, $3, $4)', [
    c.contactId,
    c.waId,
    `Customer ${n}`,
    `+${c.waId}`,
  ]);
  await db.pool.query(
    `INSERT INTO conversation (id, channel_id, contact_id, business_number, participant_name, participant_phone,
       last_message_id, last_message_preview, last_message_at, last_message_direction, last_message_status,
       unread_count, awaiting_reply, awaiting_since, customer_last_message_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'Hello?', $8, 'in', 'received', 1, true, $8, $8)`,
    [
      c.conversationId,
      CHANNEL_ID,
      c.contactId,
      DISPLAY_NUMBER,
      `Customer ${n}`,
      `+${c.waId}`,
      `msg-in-${n}`,
      at,
    ],
  );
  await db.pool.query(
    `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status, created_at, received_at)
     VALUES ($1, $2, $3, 'in', 'text', 'Hello?', 'received', $4, $4)`,
    [`msg-in-${n}`, c.conversationId, c.inboundWamid, at],
  );
  await db.pool.query(
    `UPDATE channel_stats SET waiting_count = waiting_count + 1, unread_count = unread_count + 1 WHERE channel_id = $1`,
    [CHANNEL_ID],
  );
  return c;
}

export async function addTemplates(db: TestDatabase) {
  await db.pool.query(
    `INSERT INTO whatsapp_template (id, waba_id, name, language, category, status, parameter_format, components) VALUES
       ('tpl-order', $1, 'order_update', 'en_US', 'UTILITY', 'APPROVED', 'POSITIONAL', $2),
       ('tpl-hello', $1, 'hello_again', 'en_US', 'MARKETING', 'APPROVED', 'NAMED', $3),
       ('tpl-paused', $1, 'old_promo', 'en_US', 'MARKETING', 'PAUSED', 'POSITIONAL', $4),
       ('tpl-other-waba', '999', 'order_update', 'de_DE', 'UTILITY', 'APPROVED', 'POSITIONAL', $4)`,
    [
      WABA_ID,
      JSON.stringify([
        { type: 'BODY', text: 'Hello {{1}}, your order {{2}} is on its way.' },
        { type: 'FOOTER', text: 'CDESK' },
      ]),
      JSON.stringify([{ type: 'BODY', text: 'Hi {{first_name}}, we are following up on your request.' }]),
      JSON.stringify([{ type: 'BODY', text: 'Sale!' }]),
    ],
  );
}

/** Polls until `check` returns a truthy value (the worker runs in the background). */
export async function waitFor<T>(
  check: () => Promise<T>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function messageRow(db: TestDatabase, id: string) {
  const { rows } = await db.pool.query('SELECT * FROM message WHERE id = $1', [id]);
  return rows[0];
}
