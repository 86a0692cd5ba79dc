import { defineMutator } from '@rocicorp/zero';
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
import { pgClientOf } from '../db/pg-client-of.ts';
import type { AppDeps } from '../http/app-context.ts';
import { markReadInTransaction } from './mark-read.ts';
import { enqueueTemplateSync } from './outbox-jobs.ts';
import { reactInTransaction } from './react-to-message.ts';
import { retryMessageInTransaction } from './retry-message.ts';
import { sendAttachmentInTransaction } from './send-attachment.ts';
import type { OutboundOptions } from './send-target.ts';
import { sendTemplateInTransaction } from './send-template.ts';
import { sendTextInTransaction } from './send-text.ts';

/**
 * Server overrides of `messages.*` and `templates.refresh` (same names and arguments as the shared
 * ones). The sends wrap the shared mutators (zbugs' pattern): they lock the conversation, check what
 * only the server can (its clock for the 24-hour window, the template's business account, the uploaded
 * file), run the shared mutator with the server's clock (it writes the message and the conversation's
 * summary) and add the counters and the outbox job, all in the mutation's transaction.
 */
export function outboundServerMutators(deps: Pick<AppDeps, 'env'>, now?: () => number) {
  const options: OutboundOptions = { timeZone: deps.env.TIME_ZONE, ...(now ? { now } : {}) };
  return {
    messages: {
      sendText: defineMutator(SendTextArgs, async ({ tx, args, ctx }) => {
        await sendTextInTransaction(tx, ctx, args, options);
      }),
      sendTemplate: defineMutator(SendTemplateArgs, async ({ tx, args, ctx }) => {
        await sendTemplateInTransaction(tx, ctx, args, options);
      }),
      sendAttachment: defineMutator(SendAttachmentArgs, async ({ tx, args, ctx }) => {
        await sendAttachmentInTransaction(tx, ctx, args, options);
      }),
      react: defineMutator(ReactArgs, async ({ tx, args, ctx }) => {
        await reactInTransaction(pgClientOf(tx), ctx, args, options);
      }),
      markRead: defineMutator(MarkReadArgs, async ({ tx, args, ctx }) => {
        await markReadInTransaction(pgClientOf(tx), ctx, args.conversationId);
      }),
      retry: defineMutator(RetryArgs, async ({ tx, args, ctx }) => {
        await retryMessageInTransaction(pgClientOf(tx), ctx, args.messageId, options);
      }),
    },
    templates: {
      refresh: defineMutator(RefreshTemplatesArgs, async ({ tx, ctx }) => {
        assertCanWrite(ctx);
        await enqueueTemplateSync(pgClientOf(tx));
      }),
    },
  };
}
