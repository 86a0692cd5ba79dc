import { mutationError } from '../../schema/mutators/mutation-error.ts';
import type { Db } from './send-target.ts';

export type TemplateAudience = { phone: string; marketingOptOut: boolean; username: string };

/** The customer of a conversation as far as template rules care: a number, marketing preference. */
export async function loadTemplateAudience(db: Db, conversationId: string): Promise<TemplateAudience> {
  const { rows } = await db.query<{ phone: string; marketing_opt_out: boolean; username: string }>(
    `SELECT ct.phone, ct.marketing_opt_out, ct.username
       FROM conversation c JOIN contact ct ON ct.id = c.contact_id WHERE c.id = $1`,
    [conversationId],
  );
  const r = rows[0];
  return {
    phone: r?.phone ?? '',
    marketingOptOut: r?.marketing_opt_out ?? false,
    username: r?.username ?? '',
  };
}

/**
 * Who may receive a template of this category, before it is queued (Meta would refuse it later, or
 * the customer asked us not to): authentication templates need the customer's phone number (Meta
 * cannot deliver a one-time code to a business-scoped user id, error 131062 per integrators), and a
 * customer who stopped marketing messages (user_preferences) gets no MARKETING template.
 */
export function assertTemplateAllowed(category: string, audience: TemplateAudience): void {
  const upper = category.toUpperCase();
  if (upper === 'AUTHENTICATION' && audience.phone === '') {
    throw mutationError(
      'invalid',
      `Authentication templates need the customer's phone number, and ${audience.username ? `@${audience.username}` : 'this customer'} shares only a WhatsApp username. Ask them for their number or use another template.`,
    );
  }
  if (upper === 'MARKETING' && audience.marketingOptOut) {
    throw mutationError(
      'invalid',
      'This customer asked WhatsApp to stop marketing messages: send a utility template or wait for them to write.',
    );
  }
}
