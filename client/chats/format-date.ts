/**
 * Dates in the tables: relative for today ("5 minutes ago", "now"), a time for earlier today beyond an hour,
 * an absolute date otherwise; `full` is the complete date and time for the hover tooltip. Intl does the
 * wording, so the strings follow the browser's language without a translation table.
 */
export type DateFormatOptions = { locale?: string | undefined; timeZone?: string | undefined };

const cache = new Map<
  string,
  {
    time: Intl.DateTimeFormat;
    date: Intl.DateTimeFormat;
    full: Intl.DateTimeFormat;
    day: Intl.DateTimeFormat;
    rel: Intl.RelativeTimeFormat;
  }
>();

function formatters({ locale, timeZone }: DateFormatOptions) {
  const key = `${locale ?? ''}|${timeZone ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    f = {
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }),
      date: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone }),
      full: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'medium', timeZone }),
      day: new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }),
      rel: new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'long' }),
    };
    cache.set(key, f);
  }
  return f;
}

export function formatTableDate(
  ms: number | null | undefined,
  now = Date.now(),
  opts: DateFormatOptions = {},
): { short: string; full: string } {
  if (ms == null) return { short: '', full: '' };
  const f = formatters(opts);
  const d = new Date(ms);
  const full = f.full.format(d);
  if (f.day.format(d) === f.day.format(new Date(now))) {
    const mins = Math.floor((now - ms) / 60_000);
    if (mins < 1) return { short: f.rel.format(0, 'second'), full };
    if (mins < 60) return { short: f.rel.format(-mins, 'minute'), full };
    return { short: f.time.format(d), full };
  }
  return { short: f.date.format(d), full };
}
