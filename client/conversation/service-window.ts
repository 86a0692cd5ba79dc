// WhatsApp's 24-hour customer service window: free-form messages are allowed until 24 hours after the
// customer's latest message; after that only templates. The server enforces it; this tells the operator.

export const WINDOW_MS = 24 * 3600_000;
export const WARNING_MS = 3600_000;

export type ServiceWindow =
  | { state: 'never'; closesAt: null; remainingMs: 0 }
  | { state: 'open' | 'closing'; closesAt: number; remainingMs: number }
  | { state: 'closed'; closesAt: number; remainingMs: 0 };

export function serviceWindow(customerLastMessageAt: number | null | undefined, now: number): ServiceWindow {
  if (customerLastMessageAt == null) return { state: 'never', closesAt: null, remainingMs: 0 };
  const closesAt = customerLastMessageAt + WINDOW_MS;
  const remainingMs = closesAt - now;
  if (remainingMs <= 0) return { state: 'closed', closesAt, remainingMs: 0 };
  return { state: remainingMs <= WARNING_MS ? 'closing' : 'open', closesAt, remainingMs };
}

/** "23 h 05 min" while hours remain, "59:07" (min:s) in the last hour. */
export function formatRemaining(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m}:${String(s).padStart(2, '0')}`;
}
