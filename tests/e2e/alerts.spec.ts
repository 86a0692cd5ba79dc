import type { Page } from '@playwright/test';
import { FIRST_SYNC, uniqueToken } from './chats-helpers.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

type Recorded = { notifications: { title: string; body: string; tag: string }[]; tones: number };

/**
 * The browser's Notification and Web Audio APIs, recorded instead of shown or played, and the page's
 * visibility under the test's control (a headless page is always "visible").
 */
async function recordAlerts(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __alerts: Recorded; __hidden: boolean };
    w.__alerts = { notifications: [], tones: 0 };
    w.__hidden = false;
    class RecordedNotification {
      static permission = 'default';
      static requestPermission = async () => {
        RecordedNotification.permission = 'granted';
        return 'granted';
      };
      onclick: (() => void) | null = null;
      constructor(title: string, o: { body: string; tag: string }) {
        w.__alerts.notifications.push({ title, body: o.body, tag: o.tag });
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordedNotification, configurable: true });
    const node = () => ({
      connect: (next: unknown) => next,
      start() {},
      stop() {},
      frequency: { value: 0 },
      gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} },
    });
    class RecordedAudio {
      state = 'running';
      currentTime = 0;
      destination = {};
      resume = async () => {};
      createGain = node;
      createOscillator = () => {
        w.__alerts.tones++;
        return node();
      };
    }
    Object.defineProperty(window, 'AudioContext', { value: RecordedAudio, configurable: true });
    Object.defineProperty(document, 'visibilityState', { get: () => (w.__hidden ? 'hidden' : 'visible') });
    document.hasFocus = () => !w.__hidden;
  });
}

const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __alerts: Recorded }).__alerts);
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((h) => {
    (window as unknown as { __hidden: boolean }).__hidden = h;
  }, hidden);

/** A customer of the simulator writes to the demo business number, through the signed webhook. */
async function customerWrites(page: Page, waId: string, name: string, text: string) {
  const headers = { origin: E2E.baseUrl };
  const created = await page.request.post('/simulator-api/customers', { data: { name, waId }, headers });
  expect([201, 200], await created.text()).toContain(created.status());
  const sent = await page.request.post(`/simulator-api/customers/${waId}/messages`, {
    data: { type: 'text', text },
    headers,
  });
  expect(sent.status(), await sent.text()).toBe(201);
}

const unreadConversations = async (db: import('pg').Pool) =>
  Number((await db.query('SELECT coalesce(sum(unread_count), 0) AS n FROM channel_stats')).rows[0].n);

test('a new customer message reaches the operator: title count, icon, toast, sound and desktop notification', async ({
  page,
  db,
}) => {
  test.setTimeout(120_000);
  await recordAlerts(page);
  await signIn(page);
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });

  // Sound and desktop notifications are the operator's choice (off by default).
  await page.getByTestId('alert-preferences').click();
  await page.getByRole('switch', { name: 'Play a sound' }).check();
  await page.getByRole('switch', { name: 'Desktop notifications' }).check();
  await expect(page.getByRole('switch', { name: 'Desktop notifications' })).toBeChecked();
  await page.keyboard.press('Escape');
  const tonesBefore = (await recorded(page)).tones;

  const token = uniqueToken();
  const waId = `4477${Date.now().toString().slice(-8)}`;
  await customerWrites(page, waId, `Alert ${token}`, `Where is my parcel ${token}?`);

  // In front: a toast names the customer and their message; the chime plays.
  const toast = page.getByTestId('alert-toast').filter({ hasText: `Alert ${token}` });
  await expect(toast).toContainText(`Where is my parcel ${token}?`);
  expect((await recorded(page)).tones).toBeGreaterThan(tonesBefore);
  // The title and the icon count the conversations with unread messages, as the counters do.
  const unread = await unreadConversations(db);
  expect(unread).toBeGreaterThan(0);
  await expect(page).toHaveTitle(`(${unread}) CDESK Chats`);
  await expect(page.locator('link[rel~="icon"]')).toHaveAttribute('data-count', String(unread));
  expect((await recorded(page)).notifications).toEqual([]);

  // Behind other windows: a desktop notification instead.
  await setHidden(page, true);
  await customerWrites(page, waId, `Alert ${token}`, `Hello again ${token}`);
  await expect
    .poll(async () => (await recorded(page)).notifications.map((n) => n.body))
    .toContain(`Hello again ${token}`);
  expect((await recorded(page)).notifications.find((n) => n.body === `Hello again ${token}`)?.title).toBe(
    `Alert ${token}`,
  );

  // The toast opens the conversation; a message in the conversation on screen alerts nobody.
  await setHidden(page, false);
  await toast.getByRole('button', { name: 'Open' }).click();
  await expect(page).toHaveURL(/\/conversations\//);
  const before = await recorded(page);
  await customerWrites(page, waId, `Alert ${token}`, `Third message ${token}`);
  await expect(page.getByTestId('message-thread').getByText(`Third message ${token}`)).toBeVisible();
  await page.waitForTimeout(500); // the same render would have alerted
  const after = await recorded(page);
  expect(after.tones).toBe(before.tones);
  expect(after.notifications.length).toBe(before.notifications.length);
  await expect(page.getByTestId('alert-toast').filter({ hasText: `Third message ${token}` })).toHaveCount(0);
  // Leave the operator's tabs as they were: later specs count on where closing a tab leads.
  await page
    .locator('[data-testid="conversation-tab"][data-active]')
    .getByTestId('conversation-tab-close')
    .click();
  await expect(page).toHaveURL('/');
});

test('sound and desktop notifications stay off until the operator switches them on', async ({ page }) => {
  test.setTimeout(120_000);
  await recordAlerts(page);
  await signIn(page, E2E.operator);
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });
  const token = uniqueToken();
  const waId = `4478${Date.now().toString().slice(-8)}`;
  await setHidden(page, true);
  await customerWrites(page, waId, `Quiet ${token}`, `Ping ${token}`);
  // The message arrives, but by default nothing plays and nothing pops up on the desktop.
  await expect(page.getByTestId('chat-row').filter({ hasText: `Quiet ${token}` })).toBeVisible();
  const r = await recorded(page);
  expect(r.tones).toBe(0);
  expect(r.notifications).toEqual([]);
});
