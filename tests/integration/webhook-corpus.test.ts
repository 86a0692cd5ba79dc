// The "Done when" of issue 15: every documented webhook body (Meta's OpenAPI examples and the 2026
// reference pages, tests/support/meta-webhook-corpus.ts) is applied or deliberately recorded as not
// actionable, none is lost and none duplicated, and a second replay of the whole corpus changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../support/db-snapshot.ts';
import { type CorpusEntry, corpus2026 } from '../support/meta-webhook-corpus.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { metaSpecExamples } from '../unit/whatsapp/meta-openapi.ts';
import { createHarness, type Harness, insertOutbound, recountStats } from './inbound-harness.ts';

let db: TestDatabase;
let h: Harness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createHarness(db);
});
afterAll(() => db.drop());

/** Meta's own webhook examples: the message ids they create, or none (groups are not conversations here). */
function metaSpecCorpus(): CorpusEntry[] {
  const examples = metaSpecExamples('post', '/whatsapp/webhooks', 'request');
  return Object.entries(examples).map(([name, body]) => {
    const value = (body as { entry: { changes: { field: string; value: Record<string, unknown> }[] }[] })
      .entry[0]?.changes[0];
    const messages = (value?.value.messages as { id: string; type: string }[] | undefined) ?? [];
    const stored = messages.filter((m) => m.type !== 'reaction').map((m) => m.id);
    return {
      name: `Meta's example: ${name}`,
      body: body as Record<string, unknown>,
      outcome: value?.field === 'messages' ? 'applied' : 'ignored',
      stores: stored,
    };
  });
}

const state = async () => {
  const q = async (sql: string) => (await db.pool.query(sql)).rows;
  return {
    ...(await snapshot(db)),
    changes: await q(
      `SELECT wamid, edited_at, deleted_at, origin, pricing_category, pricing_type, billable FROM message ORDER BY wamid`,
    ),
    contacts2026: await q(
      `SELECT wa_id, username, marketing_opt_out, marketing_pref_at FROM contact ORDER BY wa_id`,
    ),
    aliases: await q('SELECT alias, wa_id FROM private.contact_alias ORDER BY alias'),
    channel: await q('SELECT account_alert, account_alert_at FROM channel ORDER BY id'),
    templates: await q('SELECT name, category, status FROM whatsapp_template ORDER BY name'),
  };
};

describe('the corpus of documented webhook bodies', () => {
  it('applies or records every body, loses none, duplicates none, and a second replay changes nothing', async () => {
    const corpus = [...metaSpecCorpus(), ...corpus2026()];
    expect(corpus.length).toBeGreaterThanOrEqual(45);
    await db.pool.query(
      `INSERT INTO whatsapp_template (id, waba_id, name, language, category, status)
       SELECT 'tpl-corpus', waba_id, 'order_update', 'en_US', 'UTILITY', 'PENDING' FROM channel LIMIT 1`,
    );
    // The outbound messages the status shapes name.
    await h.post(corpus.find((e) => e.name.startsWith('Meta'))?.body);
    const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM conversation LIMIT 1');
    const conversationId = rows[0]?.id ?? '';
    await insertOutbound(db, conversationId, 'wamid.C-OUT', { at: new Date(1_764_800_000_000) });
    await insertOutbound(db, conversationId, 'wamid.C-OUT2', { at: new Date(1_764_800_000_000) });
    await db.pool.query('TRUNCATE private.webhook_event');

    for (const entry of corpus) expect((await h.post(entry.body)).status, entry.name).toBe(200);
    const outcomes = (
      await db.pool.query<{ outcome: string; error: string | null }>(
        'SELECT outcome, error FROM private.webhook_event ORDER BY id',
      )
    ).rows;
    expect(
      outcomes.map((o, i) => [corpus[i]?.name, o.outcome, o.outcome === 'applied' ? null : o.error]),
    ).toEqual(corpus.map((e, i) => [e.name, e.outcome, e.outcome === 'applied' ? null : outcomes[i]?.error]));
    for (const [i, o] of outcomes.entries())
      if (o.outcome === 'ignored') expect(o.error, corpus[i]?.name).toMatch(/^not actionable: /);

    const first = await state();
    const stored = first.messages.map((m) => m.wamid as string).sort();
    const expected = [...new Set([...corpus.flatMap((e) => e.stores), 'wamid.C-OUT', 'wamid.C-OUT2'])].sort();
    expect(stored).toEqual(expected);
    expect(first.stats).toEqual(await recountStats(db));

    // What the bodies did, spot-checked against the corpus's intent.
    const byWamid = new Map(first.changes.map((m) => [m.wamid, m]));
    expect(byWamid.get('wamid.C-ORDER')).toMatchObject({ edited_at: expect.any(Date) });
    expect(byWamid.get('wamid.C-VCARD')).toMatchObject({ deleted_at: expect.any(Date) });
    expect(byWamid.get('wamid.C-ECHO')).toMatchObject({ origin: 'business_app' });
    expect(byWamid.get('wamid.C-OUT')).toMatchObject({ pricing_category: 'service', billable: true });
    expect(first.messages.find((m) => m.wamid === 'wamid.C-OUT')).toMatchObject({ status: 'played' });
    expect(first.messages.find((m) => m.wamid === 'wamid.C-OUT2')).toMatchObject({ status: 'failed' });
    expect(first.channel[0]?.account_alert).toMatch(/RESTRICTED_BIZ_INITIATED_MESSAGING/);
    expect(first.templates).toEqual([{ name: 'order_update', category: 'MARKETING', status: 'APPROVED' }]);
    // The username customer, their later number and both changed ids are one customer.
    const u1 = first.messages.find((m) => m.wamid === 'wamid.C-U1');
    const u2 = first.messages.find((m) => m.wamid === 'wamid.C-U2');
    expect(u2?.wa_id).toBe(u1?.wa_id);

    for (const entry of corpus) expect((await h.post(entry.body)).status, entry.name).toBe(200);
    expect(await state()).toEqual(first);
  });
});
