import { randomUUID } from 'node:crypto';
import { zeroNodePg } from '@rocicorp/zero/server/adapters/pg';
import { z } from 'zod';
import type { ZeroContext } from '../../schema/context.ts';
import { mutationError } from '../../schema/mutators/mutation-error.ts';
import {
  messageAsText,
  REQUEST_DESCRIPTION_MAX,
  REQUEST_NAME_MAX,
  REQUEST_PRIORITIES,
} from '../../schema/mutators/requests.ts';
import { schema, zql } from '../../schema/schema.ts';
import type { Pool } from '../db/pool.ts';
import { createRequestServerMutator } from './create-request-mutator.ts';

export const CreateRequestFromMessageInput = z.object({
  messageId: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(REQUEST_NAME_MAX),
  /** Defaults to the message's text, as in the conversation view's "New request". */
  description: z.string().max(REQUEST_DESCRIPTION_MAX).optional(),
  companyId: z.string().min(1).max(64).nullable().optional(),
  requestTemplateId: z.string().min(1).max(64).nullable().optional(),
  priority: z.enum(REQUEST_PRIORITIES).optional(),
  /** Client-chosen id for idempotent retries; a new one when absent. */
  id: z.string().min(1).max(64).optional(),
});
export type CreateRequestFromMessageInput = z.infer<typeof CreateRequestFromMessageInput>;

/**
 * Creates a request from a chat message outside Zero (e.g. the public REST API) through exactly the
 * mutator the conversation view uses: same permission checks, same REQ-000123 numbering, one transaction.
 * Throws the mutator's ApplicationError (details.code: forbidden | not_found | invalid | module_disabled).
 */
export async function createRequestFromMessage(
  pool: Pool,
  ctx: ZeroContext,
  input: CreateRequestFromMessageInput,
): Promise<{ id: string; code: string; conversationId: string }> {
  const parsed = CreateRequestFromMessageInput.parse(input);
  const db = zeroNodePg(schema, pool);
  const id = parsed.id ?? randomUUID();
  return db.transaction(async (tx) => {
    const msg = await tx.run(zql.message.where('id', parsed.messageId).one());
    if (!msg) throw mutationError('not_found', 'That message does not exist.');
    await createRequestServerMutator.fn({
      tx,
      ctx,
      args: {
        id,
        name: parsed.name,
        description: parsed.description ?? messageAsText(msg),
        companyId: parsed.companyId ?? null,
        requestTemplateId: parsed.requestTemplateId ?? null,
        priority: parsed.priority ?? 'normal',
        conversationId: msg.conversationId,
        sourceMessageId: msg.id,
        now: Date.now(),
      },
    });
    const row = await tx.run(zql.request.where('id', id).one());
    if (!row) throw new Error('request was not created');
    if (row.originMessageId !== msg.id) throw mutationError('invalid', 'That request id is already taken.');
    return { id: row.id, code: row.code, conversationId: msg.conversationId };
  });
}
