// WhatsApp's customer service window: a customer's message opens 24 hours in which the business may send
// anything; outside it only approved templates. Shared by the composer (countdown) and the mutators.

export const SERVICE_WINDOW_MS = 24 * 3600_000;

/** When the window closes (epoch ms), or null when the customer never wrote. */
export function serviceWindowClosesAt(customerLastMessageAt: number | null | undefined): number | null {
  return customerLastMessageAt == null ? null : customerLastMessageAt + SERVICE_WINDOW_MS;
}

export function isServiceWindowOpen(customerLastMessageAt: number | null | undefined, now: number): boolean {
  const closesAt = serviceWindowClosesAt(customerLastMessageAt);
  return closesAt !== null && now < closesAt;
}
