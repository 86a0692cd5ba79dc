import { describe, expect, it } from 'vitest';
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  isDeliveryStatus,
} from '../../../schema/whatsapp/message-status.ts';
import { shouldApplyStatus } from '../../../schema/whatsapp/status-rank.ts';

// Expected answer for every (current, incoming) pair: rows = current, columns = incoming.
const COLUMNS: DeliveryStatus[] = ['pending', 'sent', 'delivered', 'read', 'played', 'failed'];
const TABLE: Record<DeliveryStatus | 'null', boolean[]> = {
  //        pending sent   deliv  read   played failed
  null: [true, true, true, true, true, true],
  pending: [false, true, true, true, true, true],
  sent: [false, false, true, true, true, true],
  delivered: [false, false, false, true, true, false],
  read: [false, false, false, false, true, false],
  played: [false, false, false, false, false, false],
  failed: [false, false, true, true, true, false],
};

describe('shouldApplyStatus', () => {
  const pairs = (Object.keys(TABLE) as Array<DeliveryStatus | 'null'>).flatMap((current) =>
    COLUMNS.map((incoming, i) => [current, incoming, TABLE[current][i]] as const),
  );

  it('covers every pair of statuses', () => {
    expect(pairs).toHaveLength((DELIVERY_STATUSES.length + 1) * DELIVERY_STATUSES.length);
  });

  it.each(pairs)('current %s, incoming %s → %s', (current, incoming, expected) => {
    expect(shouldApplyStatus(current === 'null' ? null : current, incoming)).toBe(expected);
  });

  it('ends at the highest status whatever order the webhooks arrive in', () => {
    const arrivals: DeliveryStatus[][] = [
      ['read', 'delivered', 'sent'],
      ['delivered', 'read', 'sent', 'delivered'],
      ['sent', 'failed', 'delivered'],
      ['failed', 'sent'],
    ];
    const finals = arrivals.map((order) =>
      order.reduce<DeliveryStatus | null>(
        (current, s) => (shouldApplyStatus(current, s) ? s : current),
        'pending',
      ),
    );
    expect(finals).toEqual(['read', 'read', 'delivered', 'failed']);
  });

  it('recognises known status strings only', () => {
    expect(DELIVERY_STATUSES.every(isDeliveryStatus)).toBe(true);
    expect(isDeliveryStatus('deleted')).toBe(false);
    expect(isDeliveryStatus('READ')).toBe(false);
  });
});
