import type { PoolClient } from '../db/pool.ts';
import type { NormalizedInboundMessage } from '../whatsapp/normalize-inbound-message.ts';

// A template's REQUEST_CONTACT_INFO button: the customer answers with their own contact card (a
// `contacts` message whose card has origin "contact_request"). Its WhatsApp number joins the customer
// (normalize-inbound-message.ts puts it in `relink`); its e-mail is kept here on the customer's profile
// when the team has none yet (a profile e-mail the team typed is never overwritten).

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_MAX = 254;

/** The e-mail of the customer's own shared card, if the message is one and the card has a usable one. */
export function sharedEmail(message: Pick<NormalizedInboundMessage, 'type' | 'payload'>): string | null {
  if (message.type !== 'contacts') return null;
  const cards = (message.payload as { contacts?: unknown } | null)?.contacts;
  if (!Array.isArray(cards)) return null;
  const own = cards.find(
    (c): c is { emails?: { email?: unknown }[] } =>
      typeof c === 'object' && c !== null && (c as { origin?: unknown }).origin === 'contact_request',
  );
  const email = (own?.emails ?? [])
    .map((e) => (typeof e?.email === 'string' ? e.email.trim() : ''))
    .find((e) => e.length <= EMAIL_MAX && EMAIL.test(e));
  return email ?? null;
}

export async function applySharedContactInfo(
  client: PoolClient,
  shared: readonly { conversationId: string; email: string }[],
): Promise<void> {
  if (shared.length === 0) return;
  await client.query(
    `UPDATE contact c SET email = u.email, updated_at = now()
       FROM (SELECT DISTINCT ON (cv.contact_id) cv.contact_id, s.email
               FROM unnest($1::text[], $2::text[]) AS s(conversation_id, email)
               JOIN conversation cv ON cv.id = s.conversation_id
              ORDER BY cv.contact_id) u
      WHERE c.id = u.contact_id AND c.email = ''`,
    [shared.map((s) => s.conversationId), shared.map((s) => s.email)],
  );
}
