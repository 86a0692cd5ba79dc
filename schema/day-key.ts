/**
 * The day an instant belongs to, as YYYY-MM-DD in the workspace time zone (env TIME_ZONE; the session
 * endpoint hands it to the browser as `timeZone`). operator_day_stats rows are keyed by this string: the
 * server writes them with it and the summary panel reads today's row with it, so both sides must agree.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD; formatToParts keeps us independent of that detail anyway.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function dayKey(ms: number, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** operator_day_stats.id for an operator and a day key. */
export function operatorDayStatsId(operatorId: string, day: string): string {
  return `${operatorId}:${day}`;
}
