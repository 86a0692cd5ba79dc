/** The text shown for a message in quotes, copies and request posts. */
export function messageSummary(m: { type: string; body: string }): string {
  return m.body.trim() || `[${m.type}]`;
}
