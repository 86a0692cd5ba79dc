import { expect, signIn, test } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

// Issue 15.9: the simulator's phone page plays what Meta sends besides the customer's messages (here
// Meta Business Agent's turn, its handover to the team and a missed call), and the product applies it.
test("the phone page plays Meta's events for the customer", async ({ page, request, db }) => {
  const waId = `42075${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  expect(
    (await request.post('/simulator-api/customers', { data: { name: 'Eva Events', waId } })).status(),
  ).toBe(201);
  const conversation = async () =>
    (
      await db.query(
        `SELECT c.id, c.thread_control,
                (SELECT count(*)::int FROM message m WHERE m.conversation_id = c.id AND m.type = 'call') AS calls
           FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.wa_id = $1`,
        [waId],
      )
    ).rows[0] as { id: string; thread_control: string | null; calls: number } | undefined;

  await signIn(page);
  await page.goto(`/simulator?customer=${waId}`);
  const play = async (id: string) => {
    await page.getByTestId('sim-meta-events').click();
    await page.getByTestId(`sim-event-${id}`).click();
  };
  await play('standby');
  await expect.poll(async () => (await conversation())?.thread_control, { timeout: 60_000 }).toBe('agent');
  await play('passed');
  await expect.poll(async () => (await conversation())?.thread_control, { timeout: 60_000 }).toBe('team');
  await play('missed');
  await expect.poll(async () => (await conversation())?.calls, { timeout: 60_000 }).toBe(1);
});
