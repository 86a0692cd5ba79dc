// Each channel's webhooks must be signed with its own Meta app's secret: whoever holds one channel's app
// secret cannot write into another channel (issue 14: any channel's secret validated every channel).
import { afterAll, describe, expect, it } from 'vitest';
import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import { snapshot } from '../support/db-snapshot.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { fixtureMessage, messagesWebhook, templateStatusUpdateWebhook } from '../support/webhook-fixtures.ts';
import { createChannel, createHarness } from './inbound-harness.ts';

const B = {
  id: 'ch-b',
  slot: 2,
  phoneNumberId: '200000000000002',
  display: '15550002222',
  wabaId: '900000000000009',
};
const B_SECRET = 'app-secret-of-channel-b-0123';
const dbs: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.drop()));
});

async function twoChannels(bSecret: string) {
  const db = await createTestDatabase();
  dbs.push(db);
  const h = await createHarness(db);
  await createChannel(db, h.deps, { ...B, appSecret: bSecret });
  const signedWith = (body: unknown, secret: string) => {
    const text = serializeLikeMeta(body);
    return h.post(text, { raw: true, signature: signWebhookBody(text, secret) });
  };
  return { db, h, signedWith };
}

const toB = () =>
  messagesWebhook([fixtureMessage.text('Hello B', { from: '420600000777' })], {
    phoneNumberId: B.phoneNumberId,
    displayPhoneNumber: B.display,
  });

describe('webhook signatures per channel', () => {
  it("refuses a body for channel B signed with channel A's secret, and accepts B's own", async () => {
    const { db, signedWith } = await twoChannels(B_SECRET);
    const forged = await signedWith(toB(), 'test-app-secret-0123456789');
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { code: 'signed_by_another_app' } });
    expect((await snapshot(db)).messages).toHaveLength(0);
    // Template events name a WABA: the same rule.
    const template = templateStatusUpdateWebhook(
      { event: 'APPROVED', name: 'b_template' },
      { wabaId: B.wabaId },
    );
    expect((await signedWith(template, 'test-app-secret-0123456789')).status).toBe(401);

    expect((await signedWith(toB(), B_SECRET)).status).toBe(200);
    expect((await signedWith(template, B_SECRET)).status).toBe(200);
    const after = await snapshot(db);
    expect(after.messages.map((m) => m.body)).toEqual(['Hello B']);
    expect(after.conversations[0]?.channel_id).toBe(B.id);
  });

  it('accepts either number when both channels belong to the same Meta app', async () => {
    const { db, signedWith } = await twoChannels('test-app-secret-0123456789');
    expect((await signedWith(toB(), 'test-app-secret-0123456789')).status).toBe(200);
    expect((await snapshot(db)).messages).toHaveLength(1);
  });
});
