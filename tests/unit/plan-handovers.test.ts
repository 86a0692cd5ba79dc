import { describe, expect, it } from 'vitest';
import { planWebhookBatch } from '../../server/inbound/plan-webhook-batch.ts';
import {
  FIXTURE_CUSTOMER_WA_ID,
  FIXTURE_PHONE_NUMBER_ID,
  FIXTURE_WABA_ID,
} from '../support/webhook-fixtures.ts';
import { fieldWebhook, handoverWebhook } from '../support/webhook-fixtures-2026.ts';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const T = NOW / 1000 - 60;

function plan(body: unknown) {
  const result = planWebhookBatch(body, NOW);
  if (!result.ok) throw new Error(result.error);
  return result.plan;
}

describe('messaging_handovers', () => {
  it('control_passed gives the thread to this app; control_taken to the agent or another app', () => {
    expect(plan(handoverWebhook('control_passed', { timestamp: T })).handovers).toEqual([
      {
        phoneNumberId: FIXTURE_PHONE_NUMBER_ID,
        wabaId: FIXTURE_WABA_ID,
        contactKey: FIXTURE_CUSTOMER_WA_ID,
        identities: [FIXTURE_CUSTOMER_WA_ID],
        type: 'control_passed',
        owner: 'team',
        at: T * 1000,
      },
    ]);
    expect(plan(handoverWebhook('control_taken', { timestamp: T })).handovers[0]?.owner).toBe('agent');
    expect(
      plan(handoverWebhook('control_taken', { timestamp: T, newOwnerRole: 'escalation_partner' }))
        .handovers[0]?.owner,
    ).toBe('other');
  });

  it('reads the customer by business-scoped user id too, and the type from the object present', () => {
    const body = fieldWebhook('messaging_handovers', {
      control_taken: {
        recipient: { user_id: 'US.1349', parent_user_id: 'US.ENT.77' },
        new_owner: { role: 'ai_agent' },
      },
    });
    const [h] = plan(body).handovers;
    expect(h).toMatchObject({ contactKey: 'US.1349', identities: ['US.ENT.77', 'US.1349'], owner: 'agent' });
    // No time given: the time of receipt.
    expect(h?.at).toBe(NOW);
  });

  it('records one naming no customer or no known notification as not actionable, never as an error', () => {
    const p = plan(fieldWebhook('messaging_handovers', { type: 'role_changed', role_changed: {} }));
    expect(p.handovers).toEqual([]);
    expect(p.notes).toEqual([]);
    expect(p.notActionable[0]).toMatch(/role_changed/);
    const q = plan(fieldWebhook('messaging_handovers', { type: 'control_passed', control_passed: {} }));
    expect(q.notActionable[0]).toMatch(/without a customer/);
  });
});
