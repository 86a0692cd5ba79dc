import type { Page } from '@playwright/test';
import { FIRST_SYNC, uniqueToken } from './chats-helpers.ts';
import { newConversation, openConversation } from './conversation-helpers.ts';
import { E2E } from './e2e-env.ts';
import { expect, signIn, test } from './fixtures.ts';

const pageScrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

for (const tablet of [
  { name: 'portrait', viewport: { width: 768, height: 1024 } },
  { name: 'landscape', viewport: { width: 1024, height: 768 } },
] as const) {
  test.describe(`a tablet in ${tablet.name}`, () => {
    test.use({ viewport: tablet.viewport, hasTouch: true, isMobile: true });

    test('the thread takes the width; requests and details open as drawers; fingers fit the controls', async ({
      page,
      db,
    }) => {
      test.setTimeout(180_000);
      const token = uniqueToken();
      const { conversationId } = await newConversation(db, `Tablet ${token}`);
      await signIn(page, E2E.operator);
      await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: FIRST_SYNC });
      expect(await pageScrollsSideways(page)).toBe(false);
      // The table starts with the columns an operator works from (in portrait without the date), all on
      // screen without scrolling sideways (the summary panel waits behind its button).
      const columns = ['participant', 'lastMessage', 'conversationStatus'];
      if (tablet.name === 'landscape') columns.push('lastMessageDate');
      for (const col of columns) {
        await expect(page.getByTestId(`column-header-${col}`)).toBeInViewport({ ratio: 1 });
      }
      await expect(page.getByTestId('column-header-source')).toHaveCount(0);
      await expect(page.getByTestId('summary-open')).toBeVisible();
      const table = page.getByTestId('chats-table');
      expect(await table.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

      await openConversation(page, conversationId);
      expect(await pageScrollsSideways(page)).toBe(false);
      // The composer is usable: most of the screen's width, not squeezed between two panes.
      const box = await page.getByTestId('composer-input').boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(tablet.viewport.width * 0.5);
      await expect(page.getByTestId('right-pane')).toHaveCount(0);
      // Touch targets of at least 44 × 44 px.
      for (const control of [page.getByTestId('send-button'), page.getByTestId('attach-button')]) {
        const b = await control.boundingBox();
        expect(b?.width ?? 0).toBeGreaterThanOrEqual(44);
        expect(b?.height ?? 0).toBeGreaterThanOrEqual(44);
      }

      // Details: the customer's profile in a drawer.
      await page.getByRole('button', { name: 'Details' }).click();
      await expect(page.getByTestId('customer-profile')).toContainText(`Tablet ${token}`);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('customer-profile')).toHaveCount(0);

      // Requests: a drawer from the left; "New request" there opens the form in the details drawer.
      await page.getByRole('button', { name: 'Requests' }).click();
      const requests = page.getByRole('dialog', { name: 'Requests' });
      await expect(requests).toBeVisible();
      await requests.getByRole('button', { name: 'New request' }).click();
      await expect(requests).toBeHidden();
      await expect(page.getByRole('dialog', { name: 'Details' })).toBeVisible();
      expect(await pageScrollsSideways(page)).toBe(false);
    });
  });
}
