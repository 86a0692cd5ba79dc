// WhatsApp's 24-hour customer service window: a customer's message opens 24 hours in which the business
// may send anything; outside it only approved templates. The one definition of the window: the composer's
// countdown, the mutators, the server's check on its own clock, REST and the simulator all use it.

export const SERVICE_WINDOW_MS = 24 * 3600_000;
/** The composer warns in the window's last hour. */
export const SERVICE_WINDOW_WARNING_MS = 3600_000;

/** When the window closes (epoch ms), or null when the customer never wrote. */
export function serviceWindowClosesAt(customerLastMessageAt: number | null | undefined): number | null {
  return customerLastMessageAt == null ? null : customerLastMessageAt + SERVICE_WINDOW_MS;
}

export function isServiceWindowOpen(customerLastMessageAt: number | null | undefined, now: number): boolean {
  const closesAt = serviceWindowClosesAt(customerLastMessageAt);
  return closesAt !== null && now < closesAt;
}

export type ServiceWindow =
  | { state: 'never'; closesAt: null; remainingMs: 0 }
  | { state: 'open' | 'closing'; closesAt: number; remainingMs: number }
  | { state: 'closed'; closesAt: number; remainingMs: 0 };

/** The window as the operator sees it: never opened, open, closing (last hour) or closed. */
export function serviceWindow(customerLastMessageAt: number | null | undefined, now: number): ServiceWindow {
  const closesAt = serviceWindowClosesAt(customerLastMessageAt);
  if (closesAt === null) return { state: 'never', closesAt: null, remainingMs: 0 };
  const remainingMs = closesAt - now;
  if (remainingMs <= 0) return { state: 'closed', closesAt, remainingMs: 0 };
  return { state: remainingMs <= SERVICE_WINDOW_WARNING_MS ? 'closing' : 'open', closesAt, remainingMs };
}
