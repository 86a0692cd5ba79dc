// The simulator's 2026 cases (issue 15.9): what Meta sends for a coexistence number, a customer who
// shares only a username, Meta Business Agent, calls, preferences, account and template events. Each
// is one webhook change, shaped as in Meta's reference pages (../shared/docs/whatsapp-2026.md).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { WebhookEvent } from './webhook-dispatcher.ts';

export const Meta2026EventInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('app_echo'), text: z.string().min(1).max(4096) }),
  z.object({
    kind: z.literal('standby'),
    text: z.string().min(1).max(4096),
    reply: z.string().min(1).max(4096),
  }),
  z.object({ kind: z.literal('call'), durationSeconds: z.number().int().min(0).max(86_400) }),
  z.object({ kind: z.literal('edit'), targetWamid: z.string().min(1), text: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('revoke'), targetWamid: z.string().min(1) }),
  z.object({ kind: z.literal('marketing'), value: z.enum(['stop', 'resume']) }),
  z.object({
    kind: z.literal('username_message'),
    userId: z.string().regex(/^[A-Z]{2}\.[A-Za-z0-9.]+$/),
    username: z.string().min(1).max(60),
    text: z.string().min(1).max(4096),
  }),
  z.object({ kind: z.literal('changed_number'), newWaId: z.string().regex(/^\d{5,20}$/) }),
  // The customer answers a template's REQUEST_CONTACT_INFO button with their own card (as the
  // username-only customer `userId` when given, whose number Meta withholds otherwise).
  z.object({
    kind: z.literal('contact_shared'),
    userId: z
      .string()
      .regex(/^[A-Z]{2}\.[A-Za-z0-9.]+$/)
      .optional(),
    email: z.string().email().max(254).optional(),
  }),
  // Meta Business Agent passes the thread to the team (control_passed), or the escalation partner (or
  // the agent) takes it from the team (control_taken, `to` names the new owner's role).
  z.object({
    kind: z.literal('handover'),
    type: z.enum(['control_passed', 'control_taken']),
    to: z.enum(['ai_agent', 'escalation_partner']).default('ai_agent'),
  }),
]);
export type Meta2026EventInput = z.infer<typeof Meta2026EventInput>;

export const AccountUpdateInput = z.object({
  event: z.enum(['ACCOUNT_VIOLATION', 'ACCOUNT_RESTRICTION', 'DISABLED_UPDATE', 'VERIFIED_ACCOUNT']),
  detail: z.string().max(120).default(''),
});

export const CategoryUpdateInput = z.object({
  name: z.string().min(1),
  language: z.string().min(1),
  previous: z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION']),
  next: z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION']),
});

const wamid = () => `wamid.SIM26${randomBytes(12).toString('base64url')}`;
const seconds = () => String(Math.floor(Date.now() / 1000));

/** The webhook change a customer-side 2026 event produces (the customer is `waId`, named `name`). */
export function customerEvent(
  phoneNumberId: string,
  businessNumber: string,
  customer: { waId: string; name: string },
  input: Meta2026EventInput,
): { event: WebhookEvent; wamid: string | null } {
  const contact = { profile: { name: customer.name }, wa_id: customer.waId };
  const change = (field: string, value: Record<string, unknown>): WebhookEvent => ({
    kind: 'change',
    phoneNumberId,
    field,
    value,
    withMetadata: true,
  });
  const id = wamid();
  switch (input.kind) {
    case 'app_echo':
      return {
        wamid: id,
        event: change('smb_message_echoes', {
          message_echoes: [
            {
              from: businessNumber,
              to: customer.waId,
              id,
              timestamp: seconds(),
              type: 'text',
              text: { body: input.text },
            },
          ],
        }),
      };
    case 'standby':
      return {
        wamid: id,
        event: change('standby', {
          contacts: [contact],
          messages: [
            { from: customer.waId, id, timestamp: seconds(), type: 'text', text: { body: input.text } },
          ],
          message_echoes: [
            {
              from: businessNumber,
              to: customer.waId,
              id: wamid(),
              timestamp: seconds(),
              type: 'text',
              text: { body: input.reply },
            },
          ],
        }),
      };
    case 'handover': {
      // Meta's messaging_handovers notification: its type names the object that comes with it, which
      // names the roles before and after (this app's role when it receives control_passed is "primary"
      // or the escalation partner; the simulator's business is the partner).
      const roles =
        input.type === 'control_passed'
          ? { previous_owner: { role: 'ai_agent' }, new_owner: { role: 'escalation_partner' } }
          : { previous_owner: { role: 'escalation_partner' }, new_owner: { role: input.to } };
      return {
        wamid: null,
        event: change('messaging_handovers', {
          messaging_product: 'whatsapp',
          type: input.type,
          [input.type]: { ...roles, wa_id: customer.waId, timestamp: seconds() },
        }),
      };
    }
    case 'call': {
      const callId = `wacid.${randomBytes(12).toString('base64url')}`;
      const answered = input.durationSeconds > 0;
      return {
        wamid: `${callId}:terminate`,
        event: change('calls', {
          contacts: [contact],
          calls: [
            {
              id: callId,
              from: customer.waId,
              to: businessNumber,
              event: 'terminate',
              direction: 'USER_INITIATED',
              timestamp: seconds(),
              status: answered ? 'COMPLETED' : 'FAILED',
              ...(answered ? { duration: input.durationSeconds } : {}),
            },
          ],
        }),
      };
    }
    case 'edit':
    case 'revoke':
      return {
        wamid: null,
        event: change('messages', {
          contacts: [contact],
          messages: [
            input.kind === 'edit'
              ? {
                  from: customer.waId,
                  id,
                  timestamp: seconds(),
                  type: 'edit',
                  edit: {
                    original_message_id: input.targetWamid,
                    message: { type: 'text', text: { body: input.text } },
                  },
                }
              : {
                  from: customer.waId,
                  id,
                  timestamp: seconds(),
                  type: 'revoke',
                  revoke: { original_message_id: input.targetWamid },
                },
          ],
        }),
      };
    case 'marketing':
      return {
        wamid: null,
        event: change('user_preferences', {
          contacts: [contact],
          user_preferences: [
            {
              wa_id: customer.waId,
              detail: `User requested to ${input.value} marketing messages`,
              category: 'marketing_messages',
              value: input.value,
              timestamp: Number(seconds()),
            },
          ],
        }),
      };
    case 'username_message':
      return {
        wamid: id,
        event: change('messages', {
          contacts: [{ profile: { name: customer.name, username: input.username }, user_id: input.userId }],
          messages: [
            {
              from_user_id: input.userId,
              id,
              timestamp: seconds(),
              type: 'text',
              text: { body: input.text },
            },
          ],
        }),
      };
    case 'contact_shared': {
      const card = {
        name: { formatted_name: customer.name, first_name: customer.name.split(' ')[0] },
        phones: [{ phone: `+${customer.waId}`, wa_id: customer.waId, type: 'MOBILE' }],
        ...(input.email ? { emails: [{ email: input.email, type: 'HOME' }] } : {}),
        origin: 'contact_request',
        vcard: `BEGIN:VCARD\nVERSION:3.0\nFN:${customer.name}\nTEL;type=CELL;waid=${customer.waId}:+${customer.waId}\nEND:VCARD`,
      };
      const from = input.userId ? { from_user_id: input.userId } : { from: customer.waId };
      return {
        wamid: id,
        event: change('messages', {
          contacts: [
            input.userId
              ? { profile: { name: customer.name }, user_id: input.userId }
              : { profile: { name: customer.name }, wa_id: customer.waId },
          ],
          messages: [{ ...from, id, timestamp: seconds(), type: 'contacts', contacts: [card] }],
        }),
      };
    }
    case 'changed_number':
      return {
        wamid: id,
        event: change('messages', {
          messages: [
            {
              from: customer.waId,
              id,
              timestamp: seconds(),
              type: 'system',
              system: {
                body: `User ${customer.name} changed from ${customer.waId} to ${input.newWaId}`,
                wa_id: input.newWaId,
                type: 'user_changed_number',
              },
            },
          ],
        }),
      };
  }
}

/** `account_update` for the simulator's business account. */
export function accountUpdateEvent(
  phoneNumberId: string,
  input: z.infer<typeof AccountUpdateInput>,
): WebhookEvent {
  const value: Record<string, unknown> = { event: input.event };
  if (input.event === 'ACCOUNT_VIOLATION') value.violation_info = { violation_type: input.detail || 'SCAM' };
  if (input.event === 'ACCOUNT_RESTRICTION')
    value.restriction_info = input.detail ? [{ restriction_type: input.detail }] : [];
  if (input.event === 'DISABLED_UPDATE') value.ban_info = { waba_ban_state: input.detail || 'DISABLE' };
  return { kind: 'change', phoneNumberId, field: 'account_update', value, withMetadata: false };
}

/** A completed `template_category_update`. */
export function categoryUpdateEvent(
  phoneNumberId: string,
  templateId: string,
  input: z.infer<typeof CategoryUpdateInput>,
): WebhookEvent {
  return {
    kind: 'change',
    phoneNumberId,
    field: 'template_category_update',
    value: {
      message_template_id: Number(templateId) || templateId,
      message_template_name: input.name,
      message_template_language: input.language,
      previous_category: input.previous,
      new_category: input.next,
    },
    withMetadata: false,
  };
}
