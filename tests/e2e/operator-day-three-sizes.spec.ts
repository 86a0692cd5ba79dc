import { randomUUID } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { FIRST_SYNC, uniqueToken } from './chats-helpers.ts';
import { conversationOf, customerWrites, openConversation } from './conversation-helpers.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

// Issue 13, "done when": an operator's whole day on each screen the product supports, the desk (1600×900)
// and a tablet in landscape and in portrait with touch. Each feature has its own spec at one size; this one
// walks them in the order a day brings them, at every size, with axe (light and dark) on what is on screen:
// a burst in arrival order, the alert, the table's last message, a request prefilled from the burst, a
// colleague in the same conversation, assignment, a canned reply, an internal note, a draft kept across a
// reload, the customer's profile, "?" help, resolving, reopening by the customer's reply, snoozing, and
// resolving from the table's "Mine" view and selection bar.

const SIZES = [
  { name: 'desk 1600×900', viewport: { width: 1600, height: 900 }, touch: false },
  { name: 'tablet landscape 1024×768', viewport: { width: 1024, height: 768 }, touch: true },
  { name: 'tablet portrait 768×1024', viewport: { width: 768, height: 1024 }, touch: true },
] as const;

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Critical and serious axe findings on the whole page (contrast included). */
const axeFindings = async (page: Page) => {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map(
      (v) =>
        `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.replace(/ style="[^"]*"/g, '').slice(0, 200)} ${n.any[0]?.message ?? ''}`).join(', ')}`,
    );
};
const pageScrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
/** A finger needs 44 × 44 CSS px (WCAG 2.5.5). */
const expectFingerSized = async (control: Locator) => {
  const box = await control.boundingBox();
  expect(box?.width ?? 0, 'touch target width').toBeGreaterThanOrEqual(44);
  expect(box?.height ?? 0, 'touch target height').toBeGreaterThanOrEqual(44);
};

for (const size of SIZES) {
  test.describe(size.name, () => {
    test.use({ viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch });

    test("an operator's day: arrival, alert, request, colleague, assign, canned reply, note, draft, profile, resolve, snooze, table", async ({
      page,
      browser,
      db,
    }) => {
      // Two sign-ins, live clients and three page loads on a shared 2-core machine.
      test.setTimeout(300_000);
      const token = uniqueToken();
      const name = `Day ${token}`;
      const waId = `4478${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
      const shortcut = `day${token.slice(1, 6)}`;
      await db.query(
        `INSERT INTO canned_response (id, owner_id, shortcut, title, body)
         VALUES ($1, NULL, $2, 'Greeting', 'Hello {{customer.name}}, we are on it.')`,
        [randomUUID(), shortcut],
      );

      await signIn(page, E2E.operator);
      await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });
      expect(await pageScrollsSideways(page)).toBe(false);

      // A burst from a new customer, faster than Meta's whole-second timestamps tell apart. Like Meta, the
      // simulator delivers it in no guaranteed order: the order is the one our endpoint received it in.
      for (const k of ['K1', 'K2', 'K3']) await customerWrites(page, waId, name, `${k} ${token}`);
      const conversationId = await conversationOf(db, waId);
      let arrived: string[] = [];
      await expect
        .poll(async () => {
          const { rows } = await db.query<{ body: string }>(
            `SELECT body FROM message WHERE conversation_id = $1 AND body LIKE 'K%' ORDER BY created_at, arrival`,
            [conversationId],
          );
          arrived = rows.map((r) => r.body);
          return arrived.length;
        })
        .toBe(3);
      // Alerted while on the table: a toast naming the customer and a count in the tab title.
      await expect(page.getByTestId('alert-toast').filter({ hasText: name }).first()).toBeVisible({
        timeout: 30_000,
      });
      await expect(page).toHaveTitle(/^\(\d+\) CDESK Chats$/);
      // The table's last message is the last one received.
      const row = page.getByTestId('chat-row').filter({ hasText: name });
      await expect(row).toContainText(arrived[2] as string);
      expect(await axeFindings(page)).toEqual([]);

      await openConversation(page, conversationId);
      const thread = page.getByTestId('message-thread');
      await expect
        .poll(async () => (await thread.getByTestId('thread-message').allInnerTexts()).join('\n'))
        .toMatch(new RegExp(arrived.join('[\\s\\S]*')));
      expect(await pageScrollsSideways(page)).toBe(false);
      if (size.touch) {
        for (const control of [
          page.getByTestId('send-button'),
          page.getByTestId('command-resolve'),
          page.getByTestId('assignee-control'),
        ]) {
          await expectFingerSized(control);
        }
      }

      // A request from the customer's last message: the form is prefilled with that message (the last to
      // arrive), beside the thread on the desk and in the details drawer on a tablet.
      await thread.getByTestId('customer-actions').getByRole('button', { name: 'New request' }).click();
      const form = page.getByTestId('new-request-form');
      await expect(form.getByTestId('request-description')).toHaveValue(arrived[2] as string);
      await form.getByTestId('request-name').fill(`Burst ${token}`);
      await form.getByTestId('request-save').click();
      await expect(page.getByTestId('request-detail').getByTestId('request-code')).toHaveText(/^REQ-\d{6}$/);
      expect(await axeFindings(page)).toEqual([]);
      if (size.touch) {
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('request-detail')).toHaveCount(0);
      }

      // A colleague opens the same conversation: each sees the other.
      const colleagueContext = await browser.newContext();
      try {
        const ada = await colleagueContext.newPage();
        await signIn(ada, E2E.admin);
        await openConversation(ada, conversationId);
        await expect(page.getByTestId('colleagues-here')).toContainText('Also here: Ada Admin', {
          timeout: 30_000,
        });
      } finally {
        await colleagueContext.close();
      }

      // Take it.
      await page.getByTestId('assignee-control').click();
      await page.getByTestId('command-item-assign.me').click();
      await expect(page.getByTestId('assignee-control')).toHaveText('Assignee: Olga Operator');
      await expect(thread.locator('[data-testid="system-event"][data-kind="assigned"]')).toContainText(
        'Olga Operator took the conversation',
      );

      // A canned reply found with "/", filled in with the customer's name, then sent.
      const box = page.getByTestId('composer-input');
      await box.fill(`/${shortcut}`);
      await expect(page.getByRole('listbox', { name: 'Canned responses' }).getByRole('option')).toHaveCount(
        1,
      );
      await box.press('Enter');
      await expect(box).toHaveValue(`Hello ${name}, we are on it.`);
      await box.press('Enter');
      await expect(
        thread.getByTestId('thread-message').filter({ hasText: `Hello ${name}, we are on it.` }),
      ).toBeVisible();

      // An internal note: in the thread, marked as such, never sent.
      await page.getByTestId('composer-mode').getByText('Internal note').click();
      await page.getByTestId('note-input').fill(`Customer asked twice ${token}`);
      await page.getByTestId('note-input').press('Enter');
      await expect(thread.getByTestId('thread-note')).toContainText(`Customer asked twice ${token}`);
      await page.getByTestId('composer-mode').getByText('Reply').click();

      // A draft survives a reload.
      await box.fill(`Half an answer ${token}`);
      await expect
        .poll(
          async () =>
            (
              await db.query('SELECT body FROM conversation_draft WHERE conversation_id = $1', [
                conversationId,
              ])
            ).rows,
        )
        .toEqual([{ body: `Half an answer ${token}` }]);
      await page.reload();
      await expect(page.getByTestId('composer-input')).toHaveValue(`Half an answer ${token}`, {
        timeout: 60_000,
      });
      expect(await axeFindings(page)).toEqual([]);

      // The customer's profile: beside the thread on the desk, a drawer on a tablet.
      if (size.touch) {
        await page.getByRole('button', { name: 'Details' }).click();
        await expect(page.getByRole('dialog', { name: 'Details' })).toBeVisible();
      }
      await expect(page.getByTestId('customer-profile')).toContainText(name);
      expect(await axeFindings(page)).toEqual([]);
      if (size.touch) {
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('customer-profile')).toHaveCount(0);
      }

      // Every command and its keys, then resolve from the header.
      await thread.click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(help).toBeVisible();
      expect(await axeFindings(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(help).toBeHidden();
      await page.getByTestId('command-resolve').click();
      await expect(page.getByTestId('conversation-state')).toHaveText('Resolved');

      // The same screen in the dark scheme.
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await axeFindings(page)).toEqual([]);

      // The customer writes again: open again. Snoozed until their reply, it waits in the table.
      await customerWrites(page, waId, name, `K4 ${token}`);
      await expect(page.getByTestId('conversation-state')).toHaveText('Open');
      await page.getByTestId('command-snooze').click();
      await page.getByTestId('command-item-snooze.untilReply').click();
      await expect(page.getByTestId('conversation-state')).toHaveText('Snoozed until the customer replies');

      // Back to the table: in "Mine", ticked and resolved from the selection bar.
      await page
        .getByRole('navigation', { name: 'Open conversations' })
        .getByRole('link', { name: 'Chats' })
        .click();
      await expect(page.getByTestId('chats-table')).toBeVisible();
      await page.getByTestId('chats-search').fill(token);
      await page.getByTestId('owner-view').getByText('Mine', { exact: true }).click();
      const mine = page.getByTestId('chat-row');
      await expect(mine).toHaveCount(1);
      await expect(mine.getByTestId('conversation-state-cell')).toContainText('Snoozed');
      await mine.getByTestId('row-checkbox').check();
      const bar = page.getByTestId('bulk-bar');
      await expect(bar.getByTestId('bulk-count')).toHaveText('1 selected');
      expect(await pageScrollsSideways(page)).toBe(false);
      expect(await axeFindings(page)).toEqual([]);
      await bar.getByTestId('command-resolve').click();
      // The active inbox no longer shows it; "Any state" still finds it, resolved.
      await expect(mine).toHaveCount(0);
      await page.getByTestId('state-view').getByText('Any state', { exact: true }).click();
      await expect(mine.getByTestId('conversation-state-cell')).toHaveText('Resolved');
    });
  });
}
