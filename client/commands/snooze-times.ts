// The snooze menu's times, in the operator's local time: in an hour, tomorrow at 9:00, next Monday at 9:00.

const HOUR = 3_600_000;

export type SnoozePreset = 'hour' | 'tomorrow' | 'nextWeek' | 'untilReply';

/** When a snooze of this preset ends; null: when the customer writes. */
export function snoozeUntil(preset: SnoozePreset, now: number): number | null {
  const d = new Date(now);
  switch (preset) {
    case 'hour':
      return now + HOUR;
    case 'tomorrow':
      return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 9, 0, 0, 0).getTime();
    case 'nextWeek': {
      // Monday is 1; from a Monday it is the Monday after.
      const days = (8 - d.getDay()) % 7 || 7;
      return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, 9, 0, 0, 0).getTime();
    }
    case 'untilReply':
      return null;
  }
}
