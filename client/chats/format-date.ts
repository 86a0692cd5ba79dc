/**
 * Dates in the tables: relative for today ("5 minutes ago", "now"), a time for earlier today beyond an hour,
 * an absolute date otherwise; `full` is the complete date and time for the hover tooltip. Intl does the
 * wording, so the strings follow the browser's language without a translation table.
 */
import { dayOf } from '../app/day-of.ts';

export type DateFormatOptions = { locale?: string | undefined; timeZone?: string | undefined };

type Formatters = {
  time: Intl.DateTimeFormat;
  date: Intl.DateTimeFormat;
  full: Intl.DateTimeFormat;
  rel: Intl.RelativeTimeFormat;
  /** Answers already given: a row's dates are formatted again whenever it scrolls back into view. */
  fulls: Map<number, string>;
  dates: Map<string, string>;
};

const cache = new Map<string, Formatters>();
/** Answers remembered per formatter set before the memory starts again (a few screens of scrolling). */
const MAX_REMEMBERED = 5_000;

function formatters({ locale, timeZone }: DateFormatOptions): Formatters {
  const key = `${locale ?? ''}|${timeZone ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    f = {
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }),
      date: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone }),
      full: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'medium', timeZone }),
      rel: new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'long' }),
      fulls: new Map(),
      dates: new Map(),
    };
    cache.set(key, f);
  }
  return f;
}

function remembered<K>(memory: Map<K, string>, key: K, make: () => string): string {
  let value = memory.get(key);
  if (value === undefined) {
    value = make();
    if (memory.size >= MAX_REMEMBERED) memory.clear();
    memory.set(key, value);
  }
  return value;
}

export function formatTableDate(
  ms: number | null | undefined,
  now = Date.now(),
  opts: DateFormatOptions = {},
): { short: string; full: string } {
  if (ms == null) return { short: '', full: '' };
  const f = formatters(opts);
  const full = remembered(f.fulls, ms, () => f.full.format(ms));
  const day = dayOf(ms, opts.timeZone);
  if (day === dayOf(now, opts.timeZone)) {
    const mins = Math.floor((now - ms) / 60_000);
    if (mins < 1) return { short: f.rel.format(0, 'second'), full };
    if (mins < 60) return { short: f.rel.format(-mins, 'minute'), full };
    return { short: f.time.format(ms), full };
  }
  // Every instant of one day has the same date: rows of a busy day share one answer.
  return { short: remembered(f.dates, day, () => f.date.format(ms)), full };
}
