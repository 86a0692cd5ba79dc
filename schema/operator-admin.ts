import { z } from 'zod';
import { ROLES } from './roles.ts';

// Operator administration (Global Settings > Operators): one set of rules for the form and the server.

export const PASSWORD_MIN = 10;

export const password = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(200, 'Use at most 200 characters.');

const name = z.string().trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.');
const email = z.string().trim().toLowerCase().email('Enter a valid email address.').max(320);

/** null: every business number; otherwise the only channels the operator sees (at least one). */
const channelScope = z
  .array(z.string().min(1).max(64))
  .min(1, 'Choose at least one business number, or allow all.')
  .max(2)
  .nullable();

export const CreateOperatorInput = z.object({
  name,
  email,
  role: z.enum(ROLES).default('operator'),
  canSendTemplates: z.boolean().default(true),
  channelScope: channelScope.default(null),
  /** Optional: without it the answer carries a one-time link for the operator to set their own. */
  password: password.optional(),
});
export type CreateOperatorInput = z.input<typeof CreateOperatorInput>;

export const UpdateOperatorInput = z
  .object({
    name: name.optional(),
    email: email.optional(),
    role: z.enum(ROLES).optional(),
    canSendTemplates: z.boolean().optional(),
    channelScope: channelScope.optional(),
    active: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'Nothing to change.');
export type UpdateOperatorInput = z.input<typeof UpdateOperatorInput>;

export const SetPasswordInput = z.object({ password });

export const AcceptInviteInput = z.object({ token: z.string().min(20).max(200), password });

export const CreateApiTokenInput = z.object({
  name: z.string().trim().min(1, 'Name the token after what uses it.').max(80, 'Use at most 80 characters.'),
  /** The operator the token acts as (its role and permissions apply); the creating admin by default. */
  operatorId: z.string().min(1).max(64).optional(),
});
export type CreateApiTokenInput = z.input<typeof CreateApiTokenInput>;
