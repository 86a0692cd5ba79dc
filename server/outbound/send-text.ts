import type { Transaction } from '@rocicorp/zero';
import { zeroNodePg } from '@rocicorp/zero/server/adapters/pg';
import { messageMutators, SendTextArgs } from '../../schema/mutators/messages.ts';
import { type Schema, schema } from '../../schema/schema.ts';
import { z } from '../../schema/zod.ts';
import type { Pool } from '../db/pool.ts';
import { type SendResult, sendReply } from './outbound-target.ts';
import { parseInput } from './parse-input.ts';
import type { OutboundOptions, Sender } from './send-target.ts';

export type SendTextInput = Omit<SendTextArgs, 'now'>;

/** An operator's text reply, in the caller's Zero transaction (the mutation's, or the REST API's). */
export function sendTextInTransaction(
  tx: Transaction<Schema>,
  sender: Sender | undefined,
  input: SendTextInput,
  options: OutboundOptions,
): Promise<SendResult> {
  return sendReply(tx, sender, input, options, {
    freeForm: true,
    write: (now, ctx) => messageMutators.sendText.fn({ tx, ctx, args: { ...input, now } }),
  });
}

/** For the REST API: the same send in its own transaction. Throws ApplicationError (code in details). */
export function sendTextToConversation(
  pool: Pool,
  sender: Sender,
  input: SendTextInput,
  options: OutboundOptions,
): Promise<SendResult> {
  const parsed = parseInput(z.omit(SendTextArgs, { now: true }), input);
  return zeroNodePg(schema, pool).transaction((tx) => sendTextInTransaction(tx, sender, parsed, options));
}
