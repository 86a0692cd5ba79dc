// The calendar day of an instant, the one rule for "same day" in the thread's separators and the tables'
// dates.

/** YYYY-MM-DD of an instant in a time zone (the browser's by default). */
const dayFormats = new Map<string, { fmt: Intl.DateTimeFormat; days: Map<number, string> }>();
/** Every time zone's offset is a whole number of quarter hours: within one, the day is the same everywhere. */
const QUARTER_HOUR_MS = 900_000;
/** Quarter hours remembered per zone before the memory starts again (about 52 days' worth). */
const MAX_REMEMBERED = 5_000;

export function dayOf(ms: number, timeZone?: string): string {
  // One formatter per zone: building one per message costs seconds on a 10,000-message thread. And one
  // answer per quarter hour: formatToParts costs about 10 µs, and a thread's messages come in bursts (and
  // a table's rows in busy hours), so a render of the thread or a screen of rows asks for the same few
  // quarter hours.
  const zoneKey = timeZone ?? '';
  let zone = dayFormats.get(zoneKey);
  if (!zone) {
    zone = {
      fmt: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      days: new Map(),
    };
    dayFormats.set(zoneKey, zone);
  }
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const known = zone.days.get(quarter);
  if (known !== undefined) return known;
  const parts = zone.fmt.formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  if (zone.days.size >= MAX_REMEMBERED) zone.days.clear();
  zone.days.set(quarter, day);
  return day;
}
