import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import type pg from 'pg';
import { recountChannelStats } from '../../server/conversations/recount-channel-stats.ts';

/**
 * The first sync after sign-in (zero-cache materialising every query of the page) can take tens of seconds
 * on a busy 2-core CI machine; later live updates arrive in milliseconds and keep the default timeout.
 */
export const FIRST_SYNC = 45_000;

/** A short unique word, so a test finds only its own rows whatever other specs left in the database. */
export const uniqueToken = () => `t${randomUUID().replace(/-/g, '').slice(0, 10)}`;

export type NewConversation = {
  name: string;
  preview?: string;
  operatorName?: string | null;
  awaiting?: boolean;
  unread?: number;
  direction?: 'in' | 'out';
  status?: 'received' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed';
  error?: string | null;
  minutesAgo?: number;
};

/** Inserts a conversation (and its contact) server-side, as the inbound pipeline would leave it. */
export async function insertConversation(
  db: pg.Pool,
  c: NewConversation,
): Promise<{ id: string; number: number }> {
  const contactId = randomUUID();
  const id = randomUUID();
  const phone = `+4207${Math.floor(Math.random() * 1e8)
    .toString()
    .padStart(8, '0')}`;
  await db.query('INSERT INTO contact (id, wa_id, profile_name, phone) VALUES ($1, $2, $3, $4)', [
    contactId,
    `${phone.slice(1)}${Math.floor(Math.random() * 1000)}`,
    c.name,
    phone,
  ]);
  const at = new Date(Date.now() - (c.minutesAgo ?? 1) * 60_000);
  const direction = c.direction ?? 'in';
  const awaiting = c.awaiting ?? direction === 'in';
  const { rows } = await db.query(
    `INSERT INTO conversation (id, channel_id, contact_id, business_number, participant_name, participant_phone,
       last_message_preview, last_message_at, last_message_direction, last_message_status, last_message_error,
       unread_count, awaiting_reply, awaiting_since, customer_last_message_at, last_operator_name, created_at)
     VALUES ($1, 'ch-demo', $2, '+1 555 010 0100', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $6, $13, $6)
     RETURNING number`,
    [
      id,
      contactId,
      c.name,
      phone,
      c.preview ?? `Hello from ${c.name}`,
      at,
      direction,
      c.status ?? (direction === 'in' ? 'received' : 'sent'),
      c.error ?? null,
      c.unread ?? 0,
      awaiting,
      awaiting ? at : null,
      c.operatorName ?? null,
    ],
  );
  await recountChannelStats(db);
  return { id, number: Number(rows[0].number) };
}

/**
 * Closes every conversation tab the operator has open (synced in their preferences): a spec about where
 * closing a tab leads must not depend on the tabs earlier specs left open.
 */
export async function closeAllTabs(db: pg.Pool, operatorId = 'op-admin') {
  await db.query(`UPDATE operator_preference SET open_tabs = '[]' WHERE operator_id = $1`, [operatorId]);
}

/** The Chats table's column headers, in order, by column id. */
export const headerIds = (page: Page) =>
  page
    .getByTestId('chats-table')
    .locator('[role="columnheader"][data-testid^="column-header-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')?.replace('column-header-', '')));
