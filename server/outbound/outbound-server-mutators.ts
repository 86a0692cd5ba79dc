import { defineMutator, type Transaction } from '@rocicorp/zero';
import type pg from 'pg';
import {
  MarkReadArgs,
  ReactArgs,
  RetryArgs,
  SendAttachmentArgs,
  SendTemplateArgs,
  SendTextArgs,
} from '../../schema/mutators/messages.ts';
import { assertCanWrite } from '../../schema/mutators/mutation-error.ts';
import { RefreshTemplatesArgs } from '../../schema/mutators/templates.ts';
import type { Schema } from '../../schema/schema.ts';
import type { AppDeps } from '../http/app-context.ts';
import { markReadInTransaction } from './mark-read.ts';
import type { OutboundOptions } from './outbound-target.ts';
import { enqueueTemplateSync } from './outbox-jobs.ts';
import { reactInTransaction } from './react-to-message.ts';
import { retryMessageInTransaction } from './retry-message.ts';
import { sendAttachmentInTransaction } from './send-attachment.ts';
import { sendTemplateInTransaction } from './send-template.ts';
import { sendTextInTransaction } from './send-text.ts';

/** The pg client of the mutation's transaction: the outbox job commits or rolls back with the message. */
function pgOf(tx: Transaction<Schema>): pg.ClientBase {
  if (tx.location !== 'server') throw new Error('Outbound server mutators run on the server only');
  return tx.dbTransaction.wrappedTransaction as pg.ClientBase;
}

/**
 * Server overrides of `messages.*` and `templates.refresh` (same names and arguments as the shared
 * ones): permissions, the 24-hour window on the server clock, counters and the outbox job, all in the
 * mutation's transaction. The server's clock stamps the message, not the browser's `now`.
 */
export function outboundServerMutators(deps: Pick<AppDeps, 'env'>, now?: () => number) {
  const options: OutboundOptions = { timeZone: deps.env.TIME_ZONE, ...(now ? { now } : {}) };
  return {
    messages: {
      sendText: defineMutator(SendTextArgs, async ({ tx, args, ctx }) => {
        await sendTextInTransaction(pgOf(tx), ctx, args, options);
      }),
      sendTemplate: defineMutator(SendTemplateArgs, async ({ tx, args, ctx }) => {
        await sendTemplateInTransaction(pgOf(tx), ctx, args, options);
      }),
      sendAttachment: defineMutator(SendAttachmentArgs, async ({ tx, args, ctx }) => {
        await sendAttachmentInTransaction(pgOf(tx), ctx, args, options);
      }),
      react: defineMutator(ReactArgs, async ({ tx, args, ctx }) => {
        await reactInTransaction(pgOf(tx), ctx, args, options);
      }),
      markRead: defineMutator(MarkReadArgs, async ({ tx, args, ctx }) => {
        await markReadInTransaction(pgOf(tx), ctx, args.conversationId);
      }),
      retry: defineMutator(RetryArgs, async ({ tx, args, ctx }) => {
        await retryMessageInTransaction(pgOf(tx), ctx, args.messageId, options);
      }),
    },
    templates: {
      refresh: defineMutator(RefreshTemplatesArgs, async ({ tx, ctx }) => {
        assertCanWrite(ctx);
        await enqueueTemplateSync(pgOf(tx));
      }),
    },
  };
}
