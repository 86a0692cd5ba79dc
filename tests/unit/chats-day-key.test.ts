import { describe, expect, it } from 'vitest';
import { dayKey, operatorDayStatsId } from '../../schema/day-key.ts';

describe('dayKey', () => {
  it('formats the day in the given time zone, not the machine one', () => {
    const ms = Date.UTC(2026, 0, 31, 23, 30); // 23:30 UTC on 31 January
    expect(dayKey(ms, 'UTC')).toBe('2026-01-31');
    expect(dayKey(ms, 'Europe/Prague')).toBe('2026-02-01');
    expect(dayKey(ms, 'America/Los_Angeles')).toBe('2026-01-31');
  });

  it('changes day at local midnight across a DST switch', () => {
    // Prague switched to CEST on 29 March 2026 at 02:00 local; midnight that day is 23:00 UTC the day before.
    expect(dayKey(Date.UTC(2026, 2, 28, 22, 59), 'Europe/Prague')).toBe('2026-03-28');
    expect(dayKey(Date.UTC(2026, 2, 28, 23, 0), 'Europe/Prague')).toBe('2026-03-29');
    expect(dayKey(Date.UTC(2026, 2, 29, 21, 59), 'Europe/Prague')).toBe('2026-03-29');
    expect(dayKey(Date.UTC(2026, 2, 29, 22, 0), 'Europe/Prague')).toBe('2026-03-30');
  });

  it('builds the operator_day_stats id', () => {
    expect(operatorDayStatsId('op-olga', '2026-03-29')).toBe('op-olga:2026-03-29');
  });
});
