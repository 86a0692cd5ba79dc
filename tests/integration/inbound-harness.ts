// Shared set-up for the inbound webhook tests: a channel with known secrets, a signed POST helper,
// and a delivery-order-independent snapshot of everything a webhook can change.
import type { Hono } from 'hono';
import type { AppBindings, AppDeps } from '../../server/http/app-context.ts';
import { inboundCapability } from '../../server/inbound/inbound-capability.ts';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import type { TestDatabase } from '../support/test-database.ts';
import {
  FIXTURE_DISPLAY_PHONE_NUMBER,
  FIXTURE_PHONE_NUMBER_ID,
  FIXTURE_WABA_ID,
} from '../support/webhook-fixtures.ts';
import { createTestApp, createTestDeps } from './test-app.ts';

export const APP_SECRET = 'test-app-secret-0123456789';
export const VERIFY_TOKEN = 'test-verify-token';
export const CHANNEL_ID = 'ch-test';

export type Harness = {
  deps: AppDeps;
  app: Hono<AppBindings>;
  /** POSTs a body signed like Meta (or with `signature` as given, null for none). */
  post: (body: unknown, options?: { signature?: string | null; raw?: boolean }) => Promise<Response>;
};

export async function createChannel(
  db: TestDatabase,
  deps: AppDeps,
  options: {
    id?: string;
    slot?: number;
    phoneNumberId?: string;
    display?: string;
    appSecret?: string;
    wabaId?: string;
  } = {},
) {
  const id = options.id ?? CHANNEL_ID;
  await db.pool.query(
    `INSERT INTO channel (id, slot, display_phone_number, phone_number_id, waba_id, mode, health)
     VALUES ($1, $2, $3, $4, $5, 'meta', 'ok')`,
    [
      id,
      options.slot ?? 1,
      options.display ?? FIXTURE_DISPLAY_PHONE_NUMBER,
      options.phoneNumberId ?? FIXTURE_PHONE_NUMBER_ID,
      options.wabaId ?? FIXTURE_WABA_ID,
    ],
  );
  await db.pool.query('INSERT INTO channel_stats (channel_id) VALUES ($1)', [id]);
  await db.pool.query(
    `INSERT INTO private.channel_secret (channel_id, access_token_enc, app_secret_enc, verify_token_enc)
     VALUES ($1, $2, $3, $4)`,
    [
      id,
      deps.secretBox.seal('test-access-token'),
      deps.secretBox.seal(options.appSecret ?? APP_SECRET),
      deps.secretBox.seal(VERIFY_TOKEN),
    ],
  );
}

export async function createHarness(db: TestDatabase, options: { channel?: boolean } = {}): Promise<Harness> {
  const deps = createTestDeps(db);
  if (process.env.INBOUND_DEBUG)
    deps.log = (level, msg, extra) => console.log('LOG', level, msg, JSON.stringify(extra));
  if (options.channel !== false) await createChannel(db, deps);
  const app = createTestApp(deps, [inboundCapability(deps, { mediaWorker: false })]);
  const post = (body: unknown, opts: { signature?: string | null; raw?: boolean } = {}) => {
    const text = opts.raw ? String(body) : serializeLikeMeta(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const signature = opts.signature === undefined ? signWebhookBody(text, APP_SECRET) : opts.signature;
    if (signature !== null) headers['x-hub-signature-256'] = signature;
    return Promise.resolve(app.request('/webhooks/whatsapp', { method: 'POST', headers, body: text }));
  };
  return { deps, app, post };
}

/** channel_stats as a recount would give them (they must always agree). */
export async function recountStats(db: TestDatabase) {
  const { rows } = await db.pool.query(
    `SELECT ch.id AS channel_id,
            (SELECT count(*)::int FROM conversation c WHERE c.channel_id = ch.id AND c.awaiting_reply) AS waiting_count,
            (SELECT count(*)::int FROM conversation c WHERE c.channel_id = ch.id AND c.unread_count > 0) AS unread_count
       FROM channel ch ORDER BY ch.id`,
  );
  return rows;
}

/** Inserts an outbound message (as the outbox would) so statuses and reactions have a target. */
export async function insertOutbound(
  db: TestDatabase,
  conversationId: string,
  wamid: string | null,
  options: { id?: string; at?: Date; status?: string } = {},
) {
  const id = options.id ?? `out_${wamid ?? Math.random().toString(36).slice(2)}`;
  const at = options.at ?? new Date();
  await db.pool.query(
    `INSERT INTO message (id, conversation_id, wamid, direction, type, body, status, created_at, sent_at)
     VALUES ($1, $2, $3, 'out', 'text', 'Reply', $4, $5, $5)`,
    [id, conversationId, wamid, options.status ?? 'sent', at],
  );
  await db.pool.query(
    `UPDATE conversation SET last_message_id = $2, last_message_at = $3, last_message_direction = 'out',
            last_message_status = $4, last_message_preview = 'Reply' WHERE id = $1`,
    [conversationId, id, at, options.status ?? 'sent'],
  );
  return id;
}

export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
