import { createHash, randomBytes } from 'node:crypto';

// Rows created from a webhook get ids derived from Meta's wamid: a retried or duplicated delivery
// computes the same ids, and a reply can point at a message of the same batch before it is stored.
const derived = (prefix: string, wamid: string) =>
  `${prefix}_${createHash('sha256').update(wamid).digest('base64url').slice(0, 22)}`;

export const inboundMessageId = (wamid: string) => derived('m', wamid);
export const inboundAttachmentId = (wamid: string) => derived('a', wamid);

export const newConversationId = () => `cv_${randomBytes(12).toString('base64url')}`;
export const newContactId = () => `ct_${randomBytes(12).toString('base64url')}`;

/** The phone number shown for a contact: wa_ids are digits; business-scoped user ids have none. */
export function phoneOf(contactKey: string): string {
  return /^\d{5,20}$/.test(contactKey) ? `+${contactKey}` : '';
}
