import { defineMutator } from '@rocicorp/zero';
import { z } from 'zod';
import { assertCanWrite } from './mutation-error.ts';
import { requireVisibleCustomer } from './require-visible.ts';

/** What operators may note about a customer (WhatsApp supplies only the name and number or username). */
export const CustomerFields = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .regex(/^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an e-mail address, or leave it empty.'),
  companyName: z.string().trim().max(120),
  notes: z.string().trim().max(2000),
});
export type CustomerFields = z.infer<typeof CustomerFields>;

export const customerMutators = {
  update: defineMutator(
    CustomerFields.extend({ contactId: z.string().min(1).max(64), now: z.number() }),
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
