import { defineMutator } from '@rocicorp/zero';
import { z } from '../zod.ts';
import { assertCanWrite } from './mutation-error.ts';
import { requireVisibleCustomer } from './require-visible.ts';

/** What operators may note about a customer (WhatsApp supplies only the name and number or username). */
export const CustomerFields = z.object({
  email: z
    .string()
    .check(
      z.trim(),
      z.maxLength(254),
      z.regex(/^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an e-mail address, or leave it empty.'),
    ),
  companyName: z.string().check(z.trim(), z.maxLength(120)),
  notes: z.string().check(z.trim(), z.maxLength(2000)),
});
export type CustomerFields = z.infer<typeof CustomerFields>;

export const customerMutators = {
  update: defineMutator(
    z.extend(CustomerFields, {
      contactId: z.string().check(z.minLength(1), z.maxLength(64)),
      now: z.number(),
    }),
    async ({ tx, args, ctx }) => {
      assertCanWrite(ctx);
      // Only a customer this operator talks to: one of their conversations is within the operator's scope.
      await requireVisibleCustomer(tx, ctx, args.contactId);
      await tx.mutate.contact.update({
        id: args.contactId,
        email: args.email,
        companyName: args.companyName,
        notes: args.notes,
        updatedAt: args.now,
      });
    },
  ),
};
