import { describe, expect, it } from 'vitest';
import {
  freeEntryWindowEnd,
  type MetaStateMessage,
} from '../../client/conversation/conversation-meta-state.ts';

const H = 3_600_000;
const m = (over: Partial<MetaStateMessage>): MetaStateMessage => ({
  direction: 'in',
  type: 'text',
  origin: null,
  createdAt: 0,
  billable: null,
  payload: null,
  ...over,
});

describe('costs', () => {
  it('opens the 72-hour free entry window at the first reply within 24 hours of an ad click', () => {
    const ad = m({
      createdAt: 10 * H,
      payload: { body: 'Hi', referral: { source_type: 'ad', ctwa_clid: 'x' } },
    });
    const reply = m({ direction: 'out', createdAt: 12 * H });
    expect(freeEntryWindowEnd([reply, ad])).toBe(12 * H + 72 * H);
    expect(freeEntryWindowEnd([m({ direction: 'out', createdAt: 40 * H }), ad])).toBeNull();
    // An internal note is not a reply to the customer: it opens nothing.
    expect(freeEntryWindowEnd([m({ direction: 'out', type: 'note', createdAt: 11 * H }), ad])).toBeNull();
    expect(freeEntryWindowEnd([reply, m({ createdAt: 10 * H })])).toBeNull();
  });
});
