// Around the webhook: channel bootstrap from the environment, marking a conversation read, replay of
// stored-but-failed bodies, the sweeper for events that beat their wamid, and a database outage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapChannels } from '../../server/channels/bootstrap-channels.ts';
import { loadChannelConfig } from '../../server/channels/channel-config.ts';
import { createWebhookSecrets } from '../../server/channels/webhook-secrets.ts';
import { markConversationRead } from '../../server/conversations/mark-conversation-read.ts';
import { createPool } from '../../server/db/pool.ts';
import { handleWebhookPost } from '../../server/inbound/handle-webhook-post.ts';
import { replayFailedWebhookEvents } from '../../server/inbound/replay-webhook-events.ts';
import { sweepPendingEvents } from '../../server/inbound/sweep-pending-events.ts';
import { createWebhookGroupCommit } from '../../server/inbound/webhook-group-commit.ts';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import { snapshot } from '../support/db-snapshot.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import {
  fixtureMessage,
  fixtureStatus,
  messagesWebhook,
  statusesWebhook,
} from '../support/webhook-fixtures.ts';
import { APP_SECRET, createHarness, type Harness, insertOutbound, recountStats } from './inbound-harness.ts';
import { createTestDeps } from './test-app.ts';

let db: TestDatabase;
let h: Harness;
beforeAll(async () => {
  db = await createTestDatabase();
  h = await createHarness(db);
});
afterAll(() => db.drop());

const T0 = 1_760_000_000;

describe('channel bootstrap from WHATSAPP_* variables', () => {
  const env = {
    isProduction: false,
    WHATSAPP_PHONE_NUMBER_ID: '555000111',
    WHATSAPP_DISPLAY_PHONE_NUMBER: '+420 555 000 111',
    WHATSAPP_BUSINESS_ACCOUNT_ID: '999888',
    WHATSAPP_ACCESS_TOKEN: 'EAAG-token',
    WHATSAPP_APP_SECRET: 'meta-app-secret',
    WHATSAPP_VERIFY_TOKEN: 'verify-me',
    WHATSAPP_GRAPH_URL: 'https://graph.facebook.com/v23.0',
  };

  it('creates a Meta channel in the free slot with encrypted secrets, and updates it on the next start', async () => {
    const fresh = await createTestDatabase();
    try {
      const deps = createTestDeps(fresh);
      const log: string[] = [];
      const first = await bootstrapChannels(fresh.pool, env, deps.secretBox, (m) => log.push(m));
      expect(first.envChannelId).toBe('ch-555000111');
      const channel = await loadChannelConfig(fresh.pool, deps.secretBox, deps.env, {
        phoneNumberId: '555000111',
      });
      expect(channel).toMatchObject({
        slot: 1,
        mode: 'meta',
        graphUrl: 'https://graph.facebook.com/v23.0',
        accessToken: 'EAAG-token',
        appSecret: 'meta-app-secret',
        verifyToken: 'verify-me',
        wabaId: '999888',
      });
      const { rows } = await fresh.pool.query('SELECT access_token_enc FROM private.channel_secret');
      expect(rows[0].access_token_enc).not.toContain('EAAG');
      await bootstrapChannels(
        fresh.pool,
        { ...env, WHATSAPP_ACCESS_TOKEN: 'EAAG-rotated' },
        deps.secretBox,
        () => {},
      );
      const again = await loadChannelConfig(fresh.pool, deps.secretBox, deps.env, { id: 'ch-555000111' });
      expect(again?.accessToken).toBe('EAAG-rotated');
      expect((await fresh.pool.query('SELECT count(*)::int AS n FROM channel')).rows[0].n).toBe(1);
      expect((await fresh.pool.query('SELECT count(*)::int AS n FROM channel_stats')).rows[0].n).toBe(1);

      // Without Meta credentials (outside production) the number runs on the simulator, with generated secrets.
      await bootstrapChannels(
        fresh.pool,
        {
          ...env,
          WHATSAPP_PHONE_NUMBER_ID: '555000222',
          WHATSAPP_ACCESS_TOKEN: undefined,
          WHATSAPP_APP_SECRET: undefined,
          WHATSAPP_VERIFY_TOKEN: undefined,
        },
        deps.secretBox,
        () => {},
      );
      const sim = await loadChannelConfig(fresh.pool, deps.secretBox, deps.env, {
        phoneNumberId: '555000222',
      });
      expect(sim).toMatchObject({ slot: 2, mode: 'simulator' });
      expect(sim?.graphUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/simulator-api\/graph\/v23\.0$/);
      expect(sim?.appSecret).toMatch(/^[\w-]{20,}$/);
      expect(sim?.accessToken).toMatch(/^[\w-]{20,}$/);
    } finally {
      await fresh.drop();
    }
  });

  it('refuses the simulator in production', async () => {
    const fresh = await createTestDatabase();
    try {
      const deps = createTestDeps(fresh);
      const log: string[] = [];
      const result = await bootstrapChannels(
        fresh.pool,
        { ...env, isProduction: true, WHATSAPP_ACCESS_TOKEN: undefined },
        deps.secretBox,
        (m) => log.push(m),
      );
      expect(result.envChannelId).toBeNull();
      expect(log.join('\n')).toMatch(/simulator is not available in production/);
      expect((await fresh.pool.query('SELECT count(*)::int AS n FROM channel')).rows[0].n).toBe(0);
    } finally {
      await fresh.drop();
    }
  });
});

describe('markConversationRead', () => {
  it('clears unread and the channel counter in the caller’s transaction, once', async () => {
    await h.post(
      messagesWebhook([
        fixtureMessage.text('one', { from: '420700000900' }),
        fixtureMessage.text('two', { from: '420700000900' }),
      ]),
    );
    const { rows } = await db.pool.query(
      `SELECT c.id FROM conversation c JOIN contact ct ON ct.id = c.contact_id WHERE ct.wa_id = '420700000900'`,
    );
    const id = rows[0].id as string;
    const before = (await db.pool.query('SELECT unread_count FROM channel_stats')).rows[0]
      .unread_count as number;
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      expect(await markConversationRead(client, id)).toBe(2);
      expect(await markConversationRead(client, id)).toBe(0);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(
      (await db.pool.query('SELECT unread_count FROM conversation WHERE id = $1', [id])).rows[0].unread_count,
    ).toBe(0);
    expect((await db.pool.query('SELECT unread_count FROM channel_stats')).rows[0].unread_count).toBe(
      before - 1,
    );
    expect((await snapshot(db)).stats).toEqual(await recountStats(db));
  });
});

describe('replay and sweep', () => {
  it('re-applies a stored body that failed to apply, without doubling anything', async () => {
    const body = serializeLikeMeta(
      messagesWebhook([
        fixtureMessage.text('stored for later', {
          from: '420700000901',
          wamid: 'wamid.REPLAY1',
          timestamp: T0,
        }),
      ]),
    );
    await db.pool.query(
      `INSERT INTO private.webhook_event (body_sha256, body, outcome, error) VALUES ('x', to_jsonb($1::text), 'failed', 'a bug')`,
      [body],
    );
    const report = await replayFailedWebhookEvents(db.pool, () => {});
    expect(report).toEqual({ replayed: 1, applied: 1, stillFailing: 0 });
    const { rows } = await db.pool.query(`SELECT body FROM message WHERE wamid = 'wamid.REPLAY1'`);
    expect(rows).toEqual([{ body: 'stored for later' }]);
    const { rows: events } = await db.pool.query(
      `SELECT outcome, error FROM private.webhook_event WHERE body_sha256 = 'x'`,
    );
    expect(events).toEqual([{ outcome: 'applied', error: null }]);
    // Meta's own retry of the same body afterwards is a no-op.
    expect((await h.post(body, { raw: true })).status).toBe(200);
    expect(
      (await db.pool.query(`SELECT count(*)::int AS n FROM message WHERE wamid = 'wamid.REPLAY1'`)).rows[0].n,
    ).toBe(1);
  });

  it('applies statuses and reactions that beat the recording of their wamid (the race applyPendingStatuses misses)', async () => {
    await h.post(messagesWebhook([fixtureMessage.text('hi', { from: '420700000902', timestamp: T0 })]));
    const { rows } = await db.pool.query(
      `SELECT c.id FROM conversation c JOIN contact ct ON ct.id = c.contact_id WHERE ct.wa_id = '420700000902'`,
    );
    await h.post(statusesWebhook([fixtureStatus.delivered('wamid.RACE', { timestamp: T0 + 5 })]));
    await h.post(
      messagesWebhook([
        fixtureMessage.reaction('wamid.RACE', '👏', { from: '420700000902', timestamp: T0 + 6 }),
      ]),
    );
    // The outbox recorded the wamid in a transaction that did not see the pending rows.
    await insertOutbound(db, rows[0].id, 'wamid.RACE', { at: new Date((T0 + 4) * 1000) });
    expect(await sweepPendingEvents(db.pool)).toEqual({ messages: 1 });
    const { rows: msg } = await db.pool.query(`SELECT status FROM message WHERE wamid = 'wamid.RACE'`);
    expect(msg[0].status).toBe('delivered');
    const { rows: reactions } = await db.pool.query(
      `SELECT r.emoji FROM message_reaction r JOIN message m ON m.id = r.message_id WHERE m.wamid = 'wamid.RACE'`,
    );
    expect(reactions).toEqual([{ emoji: '👏' }]);
    expect(await sweepPendingEvents(db.pool)).toEqual({ messages: 0 });
  });
});

describe('database unavailable', () => {
  it('answers 503 so Meta retries, and never loses the request silently', async () => {
    const down = createPool('postgres://postgres:postgres@127.0.0.1:9/cdesk', 1);
    try {
      const text = serializeLikeMeta(messagesWebhook([fixtureMessage.text('while down')]));
      const answer = await handleWebhookPost(
        {
          pool: down,
          groupCommit: createWebhookGroupCommit(down),
          log: () => {},
          secrets: {
            appSecrets: async () => [APP_SECRET],
            verifyTokens: async () => [],
            channelSecrets: async () => [],
            refresh: async () => false,
          },
        },
        new TextEncoder().encode(text),
        signWebhookBody(text, APP_SECRET),
      );
      expect(answer).toMatchObject({ status: 503, reason: 'database_unavailable' });
      // Secrets cannot even be loaded: still 503, not 500.
      const noSecrets = await handleWebhookPost(
        {
          pool: down,
          log: () => {},
          secrets: createWebhookSecrets(down, h.deps.secretBox),
          groupCommit: createWebhookGroupCommit(down),
        },
        new TextEncoder().encode(text),
        signWebhookBody(text, APP_SECRET),
      );
      expect(noSecrets.status).toBe(503);
    } finally {
      await down.end();
    }
  });
});
