const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

/** Relative for today ("5 min ago", "14:02"), absolute otherwise; `full` for the hover title. */
export function formatTableDate(
  ms: number | null | undefined,
  now = Date.now(),
): { short: string; full: string } {
  if (ms == null) return { short: '', full: '' };
  const d = new Date(ms);
  const full = fullFmt.format(d);
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) {
    const mins = Math.floor((now - ms) / 60_000);
    if (mins < 1) return { short: 'just now', full };
    if (mins < 60) return { short: `${mins} min ago`, full };
    return { short: timeFmt.format(d), full };
  }
  return { short: dateFmt.format(d), full };
}
