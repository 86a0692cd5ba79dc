import { describe, expect, it } from 'vitest';
import { formatRemaining } from '../../client/conversation/format-remaining.ts';
import { SERVICE_WINDOW_MS, serviceWindow } from '../../schema/whatsapp/service-window.ts';

describe('serviceWindow', () => {
  const last = 1_700_000_000_000;
  it('is open for 24 hours after the customer’s last message, closing in the last hour, then closed', () => {
    expect(serviceWindow(null, last)).toMatchObject({ state: 'never' });
    expect(serviceWindow(last, last + 1000)).toMatchObject({
      state: 'open',
      closesAt: last + SERVICE_WINDOW_MS,
    });
    expect(serviceWindow(last, last + SERVICE_WINDOW_MS - 3600_000 - 1).state).toBe('open');
    expect(serviceWindow(last, last + SERVICE_WINDOW_MS - 3600_000).state).toBe('closing');
    expect(serviceWindow(last, last + SERVICE_WINDOW_MS - 1)).toMatchObject({
      state: 'closing',
      remainingMs: 1,
    });
    expect(serviceWindow(last, last + SERVICE_WINDOW_MS)).toMatchObject({ state: 'closed', remainingMs: 0 });
  });
  it('formats hours and minutes, then minutes and seconds in the last hour', () => {
    expect(formatRemaining(23 * 3600_000 + 5 * 60_000 + 59_000)).toBe('23 h 05 min');
    expect(formatRemaining(59 * 60_000 + 7_000)).toBe('59:07');
    expect(formatRemaining(-5)).toBe('0:00');
  });
});
