// `messaging_handovers` (Meta's Conversation Routing, numbers running Meta Business Agent): who owns a
// customer's thread now. Meta documents two notifications, named by `type`: control_passed (delivered to
// the new owner: this app) and control_taken (delivered to the previous owner: this app; the business's
// escalation partner took the thread). Each names the roles before and after. The field names of the
// customer and of the roles are read leniently (Meta's reference and the BSPs relaying it differ), so
// that a notification is applied whichever of them it uses, and recorded as not actionable otherwise.

import { ownerAfterHandover, type ThreadControl } from '../../schema/thread-control.ts';

export type HandoverItem = {
  /** The business number (value.metadata), or null: any number of the entry's WABA. */
  phoneNumberId: string | null;
  wabaId: string;
  contactKey: string;
  identities: string[];
  type: 'control_passed' | 'control_taken';
  owner: ThreadControl;
  /** Epoch ms. */
  at: number;
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null;

/** The customer's identifiers an object names: parent BSUID, BSUID, number (most stable first). */
function customerOf(o: Record<string, unknown>): {
  parent: string | null;
  user: string | null;
  phone: string | null;
} {
  const recipient = o.recipient;
  const nested = isRecord(recipient)
    ? recipient
    : isRecord(o.user)
      ? o.user
      : isRecord(o.customer)
        ? o.customer
        : null;
  const contact = Array.isArray(o.contacts) && isRecord(o.contacts[0]) ? o.contacts[0] : null;
  const from = [nested, contact].filter((x): x is Record<string, unknown> => x !== null);
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const v = str(o[k]);
      if (v) return v;
    }
    for (const x of from)
      for (const k of keys) {
        const v = str(x[k]);
        if (v) return v;
      }
    return null;
  };
  return {
    parent: pick('parent_user_id', 'recipient_parent_user_id', 'from_parent_user_id'),
    user: pick('user_id', 'recipient_user_id', 'from_user_id'),
    phone:
      pick('wa_id', 'from', 'recipient_id', 'phone_number') ??
      (typeof recipient === 'string' ? recipient : null),
  };
}

function roleOf(o: Record<string, unknown>): string | null {
  for (const key of ['new_owner', 'current_owner', 'owner']) {
    const v = o[key];
    if (isRecord(v) && str(v.role)) return str(v.role);
  }
  return str(o.new_owner_role) ?? str(o.current_owner_role) ?? str(o.current_role) ?? str(o.role);
}

/**
 * One handover per value, or the reason it names no customer or no known notification. `receivedAt`
 * stands in for a missing or implausible time (`sane` clamps it like every other webhook time).
 */
export function planHandover(
  value: Record<string, unknown>,
  wabaId: string,
  sane: (ms: number) => number,
): HandoverItem | string {
  const type =
    value.type === 'control_passed' || value.type === 'control_taken'
      ? value.type
      : isRecord(value.control_passed)
        ? 'control_passed'
        : isRecord(value.control_taken)
          ? 'control_taken'
          : null;
  if (!type) return `messaging_handovers of type ${String(value.type ?? 'none').slice(0, 40)}`;
  const notification = isRecord(value[type]) ? (value[type] as Record<string, unknown>) : {};
  const inner = customerOf(notification);
  const outer = customerOf(value);
  const ids = [inner.parent ?? outer.parent, inner.user ?? outer.user, inner.phone ?? outer.phone];
  const identities = [...new Set(ids.filter((v): v is string => v !== null))];
  const contactKey = ids[2] ?? ids[1] ?? ids[0];
  if (!contactKey) return `messaging_handovers ${type} without a customer`;
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const seconds = Number(str(notification.timestamp) ?? str(value.timestamp) ?? Number.NaN);
  return {
    phoneNumberId: str(metadata.phone_number_id),
    wabaId,
    contactKey,
    identities,
    type,
    owner: ownerAfterHandover(type, roleOf(notification) ?? roleOf(value)),
    at: sane(seconds * 1000),
  };
}
