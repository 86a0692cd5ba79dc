import { describe, expect, it } from 'vitest';
import { formatTableDate } from '../../client/chats/format-date.ts';
import { formatDuration } from '../../client/chats/format-duration.ts';
import { lastActiveAt } from '../../schema/operator-presence.ts';

const opts = { locale: 'en-GB', timeZone: 'UTC' };
const now = Date.UTC(2026, 2, 3, 15, 0, 0);

describe('table dates', () => {
  it('is relative within the last hour today', () => {
    expect(formatTableDate(now - 20_000, now, opts).short).toBe('now');
    expect(formatTableDate(now - 5 * 60_000, now, opts).short).toBe('5 minutes ago');
    expect(formatTableDate(now - 59 * 60_000, now, opts).short).toBe('59 minutes ago');
  });

  it('shows the time earlier today and the date before today', () => {
    expect(formatTableDate(Date.UTC(2026, 2, 3, 9, 5), now, opts).short).toBe('09:05');
    expect(formatTableDate(Date.UTC(2026, 2, 2, 23, 59), now, opts).short).toBe('2 Mar 2026');
  });

  it('decides "today" in the given time zone', () => {
    // 00:30 on 4 March in Prague is still 3 March in UTC.
    const lateNow = Date.UTC(2026, 2, 3, 23, 30);
    const earlier = Date.UTC(2026, 2, 3, 22, 0); // 23:00 on 3 March in Prague
    expect(formatTableDate(earlier, lateNow, { locale: 'en-GB', timeZone: 'UTC' }).short).toBe('22:00');
    expect(formatTableDate(earlier, lateNow, { locale: 'en-GB', timeZone: 'Europe/Prague' }).short).toBe(
      '3 Mar 2026',
    );
  });

  it('gives the full date and time for the tooltip, and nothing for no date', () => {
    // The punctuation varies between ICU versions; the parts do not.
    const full = formatTableDate(now, now, opts).full;
    for (const part of ['Tuesday', '3 March 2026', '15:00:00']) expect(full).toContain(part);
    expect(formatTableDate(null, now, opts)).toEqual({ short: '', full: '' });
  });

  it('formats waiting times compactly', () => {
    expect(formatDuration(45 * 60_000, 'en')).toBe('45 min');
    expect(formatDuration(125 * 60_000, 'en')).toBe('2 hr 5 min');
    expect(formatDuration(2 * 3600_000, 'en')).toBe('2 hr');
    expect(formatDuration(3 * 86_400_000 + 4 * 3600_000, 'en')).toBe('3 days 4 hr');
    expect(formatDuration(-5, 'en')).toBe('0 min');
  });
});

describe('last active', () => {
  it('is now for a connected operator and the last report for one offline', () => {
    // The row's time is when the presence last changed; heartbeats no longer rewrite it.
    expect(lastActiveAt({ presence: 'online', lastSeenAt: now - 3_600_000 }, now)).toBe(now);
    expect(lastActiveAt({ presence: 'away', lastSeenAt: now - 3_600_000 }, now)).toBe(now);
    expect(lastActiveAt({ presence: 'offline', lastSeenAt: now - 60_000 }, now)).toBe(now - 60_000);
    expect(lastActiveAt({ presence: 'offline', lastSeenAt: null }, now)).toBeNull();
  });
});
