// The simulator plays the 2026 cases (issue 15.9) through its API, and the product handles them end to
// end: app echoes, Meta Business Agent, calls, edits and deletes, marketing preferences, a customer by
// username, a changed number, account updates, template re-categorisation, and the Graph version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createSimHarness, SIM_PNID, SIM_WABA, type SimHarness } from './simulator-harness.ts';

let db: TestDatabase;
let h: SimHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createSimHarness(db);
});
afterAll(() => db.drop());

const message = async (wamid: string) =>
  (await db.pool.query('SELECT * FROM message WHERE wamid = $1', [wamid])).rows[0];

describe('the simulator plays the 2026 cases', () => {
  it('echoes, Business Agent, calls, edits, deletes, preferences, usernames and changed numbers', async () => {
    const created = await h.sim('POST', '/customers', { name: 'Jana Nováková' });
    const waId = created.json.customer.waId;
    const first = await h.sim('POST', `/customers/${waId}/messages`, { type: 'text', text: 'Kde je balík?' });
    const firstWamid = first.json.wamid;
    const event = async (body: Record<string, unknown>) => {
      const res = await h.sim('POST', `/customers/${waId}/events`, body);
      expect(res.status).toBe(200);
      return (res.json as unknown as { wamid: string | null }).wamid;
    };
    await h.idle();
    const echo = await event({ kind: 'app_echo', text: 'Zítra ráno' });
    const agent = await event({ kind: 'standby', text: 'Otevíráte v sobotu?', reply: 'Ano, 9–12.' });
    const call = await event({ kind: 'call', durationSeconds: 65 });
    await event({ kind: 'edit', targetWamid: firstWamid, text: 'Kde je můj balík?' });
    await event({ kind: 'marketing', value: 'stop' });
    const byUsername = await event({
      kind: 'username_message',
      userId: 'CZ.778899',
      username: 'jana',
      text: 'Ahoj',
    });
    const changed = await event({ kind: 'changed_number', newWaId: '420777999888' });
    await h.idle();

    expect(await message(echo as string)).toMatchObject({ direction: 'out', origin: 'business_app' });
    expect(await message(agent as string)).toMatchObject({ direction: 'in', origin: 'standby' });
    expect(await message(call as string)).toMatchObject({ type: 'call', body: '📞 Call, 1 min 5 s' });
    expect(await message(firstWamid)).toMatchObject({
      body: 'Kde je můj balík?',
      edited_at: expect.any(Date),
    });
    expect(await message(byUsername as string)).toBeTruthy();
    expect(await message(changed as string)).toMatchObject({ type: 'system' });
    const contact = (await db.pool.query('SELECT marketing_opt_out FROM contact WHERE wa_id = $1', [waId]))
      .rows[0];
    expect(contact).toEqual({ marketing_opt_out: true });
    expect(
      (await db.pool.query(`SELECT wa_id FROM private.contact_alias WHERE alias = '420777999888'`)).rows,
    ).toEqual([{ wa_id: waId }]);

    await event({ kind: 'revoke', targetWamid: firstWamid });
    await h.idle();
    expect(await message(firstWamid)).toMatchObject({ deleted_at: expect.any(Date) });
  });

  it('a username customer shares their card (REQUEST_CONTACT_INFO), then Meta Business Agent hands over', async () => {
    const created = await h.sim('POST', '/customers', { name: 'Sheena Username' });
    const waId = created.json.customer.waId;
    const event = async (body: Record<string, unknown>) =>
      expect((await h.sim('POST', `/customers/${waId}/events`, body)).status).toBe(200);
    await event({ kind: 'username_message', userId: 'US.515151', username: 'sheena', text: 'Hi' });
    await h.idle();
    await event({ kind: 'contact_shared', userId: 'US.515151', email: 'sheena@example.com' });
    await h.idle();
    expect(
      (await db.pool.query('SELECT phone, email FROM contact WHERE wa_id = $1', ['US.515151'])).rows[0],
    ).toEqual({ phone: `+${waId}`, email: 'sheena@example.com' });

    // Meta names the customer by number from now on: the same conversation.
    await event({ kind: 'standby', text: 'Opening hours?', reply: '9 to 5.' });
    await h.idle();
    const control = async () =>
      (
        await db.pool.query(
          `SELECT cv.thread_control FROM conversation cv JOIN contact c ON c.id = cv.contact_id WHERE c.wa_id = $1`,
          ['US.515151'],
        )
      ).rows;
    expect(await control()).toEqual([{ thread_control: 'agent' }]);
    await event({ kind: 'handover', type: 'control_passed' });
    await h.idle();
    expect(await control()).toEqual([{ thread_control: 'team' }]);
  });

  it('account updates and template categories', async () => {
    expect(
      (await h.sim('POST', '/account-update', { event: 'ACCOUNT_VIOLATION', detail: 'SPAM' })).status,
    ).toBe(200);
    await h.idle();
    const alert = async () =>
      (await db.pool.query('SELECT account_alert FROM channel WHERE phone_number_id = $1', [SIM_PNID]))
        .rows[0]?.account_alert;
    expect(await alert()).toBe('Meta reports account violation: SPAM.');

    await db.pool.query(
      `INSERT INTO whatsapp_template (id, waba_id, name, language, category, status)
       VALUES ('tpl-sim26', $1, 'order_update', 'en_US', 'UTILITY', 'APPROVED')`,
      [SIM_WABA],
    );
    const res = await h.sim('POST', '/templates/category', {
      name: 'order_update',
      language: 'en_US',
      previous: 'UTILITY',
      next: 'MARKETING',
    });
    expect(res.status).toBe(200);
    await h.idle();
    expect(
      (await db.pool.query(`SELECT category FROM whatsapp_template WHERE id = 'tpl-sim26'`)).rows[0],
    ).toEqual({
      category: 'MARKETING',
    });
  });

  it('answers the Graph version the channel is set to, and refuses an expired one', async () => {
    const current = await h.fetch(`http://127.0.0.1:3000/simulator-api/graph/v27.0/${SIM_PNID}`, {
      headers: { authorization: 'Bearer not-the-channel-token' },
    });
    // An unknown token is Meta's 190, proof that v27.0 is served (an expired version never gets that far).
    expect(((await current.json()) as { error: { code: number } }).error.code).toBe(190);
    const expired = await h.fetch(`http://127.0.0.1:3000/simulator-api/graph/v20.0/${SIM_PNID}`);
    expect(((await expired.json()) as { error: { code: number; message: string } }).error).toMatchObject({
      code: 2635,
      message: expect.stringMatching(/v20\.0 is no longer available/),
    });
  });
});
