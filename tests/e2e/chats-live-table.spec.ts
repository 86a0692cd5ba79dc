import { randomUUID } from 'node:crypto';
import type { Locator, WebSocketRoute } from '@playwright/test';
import type pg from 'pg';
import { FIRST_SYNC, headerIds, insertConversation, uniqueToken } from './chats-helpers.ts';
import { expect, signIn, test } from './fixtures.ts';

/** n conversations named "<token> 000" (newest) … "<token> n-1" (oldest), in one statement each. */
async function insertMany(db: pg.Pool, token: string, n: number) {
  const ids = Array.from({ length: n }, () => randomUUID());
  await db.query(
    `INSERT INTO contact (id, wa_id, profile_name, phone)
     SELECT 'ct-' || $1 || '-' || g, '88' || floor(random() * 1e10)::bigint || g, $1 || ' ' || lpad(g::text, 3, '0'), '+88' || g
     FROM generate_series(0, $2 - 1) g`,
    [token, n],
  );
  await db.query(
    `INSERT INTO conversation (id, channel_id, contact_id, business_number, participant_name, participant_phone,
       last_message_preview, last_message_at, last_message_direction, last_message_status, created_at)
     SELECT ($3::text[])[g + 1], 'ch-demo', 'ct-' || $1 || '-' || g, '+1 555 010 0100', $1 || ' ' || lpad(g::text, 3, '0'),
       '+88' || g, 'Bulk ' || g, now() - interval '1 hour' - (g || ' seconds')::interval, 'in', 'received', now()
     FROM generate_series(0, $2 - 1) g`,
    [token, n, ids],
  );
  return ids;
}

test('the table pages through many conversations, rendering only a window of them', async ({ page, db }) => {
  test.setTimeout(120_000);
  const token = uniqueToken();
  const n = 400;
  await insertMany(db, token, n);
  await signIn(page);
  await page.getByTestId('chats-search').fill(token);
  const rows = page.getByTestId('chat-row');
  await expect(rows.first()).toContainText(`${token} 000`, { timeout: FIRST_SYNC });
  // The first screen shows before the rest is loaded: far fewer rows than exist are in the DOM.
  expect(await rows.count()).toBeLessThan(n / 2);

  const table = page.getByTestId('chats-table');
  const last = page.locator('[data-testid="chat-row"]', {
    hasText: `${token} ${String(n - 1).padStart(3, '0')}`,
  });
  for (let i = 0; i < 60 && !(await last.isVisible()); i++) {
    await table.evaluate((el) => el.scrollBy({ top: el.clientHeight * 2 }));
    await page.waitForTimeout(150);
  }
  await expect(last).toBeVisible();
  expect(await rows.count()).toBeLessThan(n / 2);
  // And back to the top.
  await table.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(rows.first()).toContainText(`${token} 000`);
});

test('flung fast, rows show their names; once the scroll stops, every row has all its cells', async ({
  page,
  db,
}) => {
  test.setTimeout(120_000);
  const token = uniqueToken();
  const n = 400;
  await insertMany(db, token, n);
  // Every row seen with only its name (one cell, no checkbox: client/chats/fast-scroll.ts), by its text.
  await page.addInitScript(() => {
    const w = window as unknown as { __namesOnly: Set<string> };
    w.__namesOnly = new Set();
    new MutationObserver(() => {
      for (const row of document.querySelectorAll('[data-testid="chat-row"]')) {
        if (row.querySelectorAll('[role="gridcell"]').length === 1) w.__namesOnly.add(row.textContent ?? '');
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await signIn(page);
  await page.getByTestId('chats-search').fill(token);
  const rows = page.getByTestId('chat-row');
  await expect(rows.first()).toContainText(`${token} 000`, { timeout: FIRST_SYNC });
  const table = page.getByTestId('chats-table');
  // Once through the list, so its rows are in the local store and arrive while the table is flung.
  const last = rows.filter({ hasText: `${token} ${String(n - 1).padStart(3, '0')}` });
  for (let i = 0; i < 60 && !(await last.isVisible()); i++) {
    await table.evaluate((el) => el.scrollBy({ top: el.clientHeight }));
    await page.waitForTimeout(300);
  }
  await table.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(rows.first()).toContainText(`${token} 000`);
  await page.waitForTimeout(500);
  await page.evaluate(() => (window as unknown as { __namesOnly: Set<string> }).__namesOnly.clear());

  // A fling: 1,200 px every 30 ms, far beyond reading speed.
  await table.hover();
  for (let i = 0; i < 10; i++) {
    await page.mouse.wheel(0, 1200);
    await page.waitForTimeout(30);
  }
  const names = await page.evaluate(() => [
    ...(window as unknown as { __namesOnly: Set<string> }).__namesOnly,
  ]);
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(name).toMatch(new RegExp(`^${token} \\d{3}$`));
  // Stopped: every row gets its checkbox and its cells, with its own values.
  await expect(rows.filter({ hasNot: page.getByTestId('row-checkbox') })).toHaveCount(0);
  const shown = await rows.evaluateAll((els) =>
    els.map((r) => [
      r.querySelector('[data-column="participant"]')?.textContent,
      r.querySelector('[data-testid="last-message-link"]')?.textContent,
    ]),
  );
  expect(shown.length).toBeGreaterThan(10);
  for (const [participant, message] of shown) {
    const g = Number(participant?.match(/ (\d{3})\+/)?.[1]);
    expect(message).toBe(`Bulk ${g}`);
  }
});

test('the first frame with rows renders the screenful in view; the rest of the page follows', async ({
  page,
  db,
}) => {
  test.setTimeout(120_000);
  await insertMany(db, uniqueToken(), 120);
  // The count of rows in the DOM at every animation frame (before its paint) from the first row on.
  await page.addInitScript(() => {
    const w = window as unknown as { __rowCounts: number[] };
    w.__rowCounts = [];
    const tick = () => {
      const n = document.querySelectorAll('[data-testid="chat-row"]').length;
      if (n > 0) w.__rowCounts.push(n);
      if (w.__rowCounts.length < 20) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await signIn(page);
  const screenful = await page.evaluate(() => Math.ceil(window.innerHeight / 44) + 2);
  await expect
    .poll(() => page.getByTestId('chat-row').count(), { timeout: FIRST_SYNC })
    .toBeGreaterThan(screenful);
  const counts = await page.evaluate(() => (window as unknown as { __rowCounts: number[] }).__rowCounts);
  expect(counts[0]).toBeLessThanOrEqual(screenful);
  expect(Math.max(...counts)).toBeGreaterThan(screenful);
});

test("a start paints the list's remembered first rows while Zero has none; Zero's rows then replace them", async ({
  browser,
  page,
  db,
}) => {
  test.setTimeout(150_000);
  const token = uniqueToken();
  await insertMany(db, token, 5);
  const names = [0, 1, 2, 3, 4].map((g) => `${token} 00${g}`);
  await signIn(page);
  await page.getByTestId('chats-search').fill(token);
  const rows = page.getByTestId('chat-row');
  await expect(rows).toHaveCount(5, { timeout: FIRST_SYNC });
  // The operator's own column layout (without "Source"), which the remembered rows are painted in.
  const chooseColumns = async (change: (chooser: Locator) => Promise<void>) => {
    await page.getByTestId('chats-columns-button').click();
    await change(page.getByTestId('chats-columns-button-dropdown'));
    await page.keyboard.press('Escape');
  };
  await chooseColumns((chooser) => chooser.getByRole('checkbox', { name: 'Source' }).uncheck());
  await expect(page.getByTestId('column-header-source')).toHaveCount(0);
  const layout = await headerIds(page);
  // Leaving the page (a reload) remembers the list's first rows in this tab, beside its search.
  await page.reload();
  await expect(rows.first()).toContainText(names[0] as string, { timeout: FIRST_SYNC });
  const tab = await page.evaluate(() => Object.fromEntries(Object.entries(sessionStorage)));
  expect(Object.keys(tab).filter((k) => k.startsWith('cdesk.chats.first-rows.'))).toHaveLength(1);

  // The same tab's storage in a browser without Zero's store, its sync socket held: nothing but the
  // remembered rows can fill the table.
  const context = await browser.newContext();
  try {
    let held = true;
    const sockets: WebSocketRoute[] = [];
    await context.routeWebSocket(/^wss?:\/\/[^/]+\/zero\/sync\//, (ws) => {
      if (held) return void sockets.push(ws);
      ws.connectToServer();
    });
    await context.addInitScript((entries: Record<string, string>) => {
      for (const [k, v] of Object.entries(entries))
        if (sessionStorage.getItem(k) === null) sessionStorage.setItem(k, v);
    }, tab);
    const other = await context.newPage();
    await signIn(other);
    const table = other.getByTestId('chats-table');
    await expect(table).toHaveAttribute('data-rows', 'remembered');
    const remembered = other.getByTestId('chat-row');
    await expect(remembered).toHaveCount(5);
    for (const [i, name] of names.entries()) await expect(remembered.nth(i)).toContainText(name);
    await expect(remembered.first()).toContainText('Bulk 0');
    // In the operator's columns, though Zero has not read the layout yet (its default has "Source").
    expect(await headerIds(other)).toEqual(layout);
    expect(sockets.length).toBeGreaterThan(0);

    // Zero connects: its own rows (the same conversations) take their place.
    held = false;
    for (const ws of sockets) await ws.close();
    await expect(table).toHaveAttribute('data-rows', 'live', { timeout: FIRST_SYNC });
    await expect(remembered).toHaveCount(5);
    await expect(remembered.first()).toContainText(names[0] as string);
    expect(await headerIds(other)).toEqual(layout);
  } finally {
    await context.close();
    await chooseColumns((chooser) => chooser.getByRole('button', { name: 'Reset to default' }).click());
  }
});

test('a new conversation arriving above the viewport does not move the rows being read', async ({
  page,
  db,
}) => {
  test.setTimeout(120_000);
  const token = uniqueToken();
  await insertMany(db, token, 120);
  await signIn(page);
  await page.getByTestId('chats-search').fill(token);
  const table = page.getByTestId('chats-table');
  await expect(page.getByTestId('chat-row').first()).toContainText(`${token} 000`, { timeout: FIRST_SYNC });
  await table.evaluate((el) => el.scrollTo({ top: 44 * 10 }));
  const reading = page.locator('[data-testid="chat-row"]', { hasText: `${token} 015` });
  await expect(reading).toBeInViewport();
  await expect(reading).toHaveAttribute('aria-rowindex', '17');
  const before = await reading.boundingBox();

  // A customer writes: a conversation lands at the top of the list, above what the operator reads.
  const fresh = await insertConversation(db, { name: `${token} new`, minutesAgo: 0 });
  // It arrived (every row below moved down one place in the list) …
  await expect(reading).toHaveAttribute('aria-rowindex', '18');
  // … yet the row being read stays where it was on screen.
  const after = await reading.boundingBox();
  expect(Math.abs((after?.y ?? 0) - (before?.y ?? -100))).toBeLessThanOrEqual(1);
  await table.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(page.getByTestId('chat-row').first()).toHaveAttribute('data-conversation-id', fresh.id);
});

test("a press on a row starts syncing its thread's first page before the double click completes", async ({
  page,
  db,
}) => {
  test.setTimeout(120_000);
  const token = uniqueToken();
  const [newest, second] = await insertMany(db, token, 3);
  // The queries this page asks zero-cache for, as they leave on the sync socket.
  const asked: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      if (typeof f.payload === 'string' && f.payload.includes('changeDesiredQueries')) asked.push(f.payload);
    }),
  );
  await signIn(page);
  await page.getByTestId('chats-search').fill(token);
  const row = page.locator(`[data-testid="chat-row"][data-conversation-id="${newest}"]`);
  await expect(row).toBeVisible({ timeout: FIRST_SYNC });
  const threadAsked = () =>
    asked.some((p) => p.includes('messages.byConversation') && p.includes(newest as string));
  expect(threadAsked()).toBe(false);
  // The first press of a double click (a click selects the row; the conversation is not open).
  await row.click();
  await expect.poll(threadAsked).toBe(true);
  expect(new URL(page.url()).pathname).toBe('/');
  // With the keyboard: the row the operator rests on (Enter would open it) is asked for too.
  await page.getByTestId('chats-table').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(`[data-testid="chat-row"][data-conversation-id="${second}"]`)).toHaveAttribute(
    'data-active',
    'true',
  );
  await expect
    .poll(() => asked.some((p) => p.includes('messages.byConversation') && p.includes(second as string)))
    .toBe(true);
  // The double click then opens it.
  await row.dblclick();
  await expect(page).toHaveURL(new RegExp(`/conversations/${newest}$`));
});
