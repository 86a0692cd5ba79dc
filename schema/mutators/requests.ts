import { defineMutator, type Transaction } from '@rocicorp/zero';
import type { ZeroContext } from '../context.ts';
import { type RequestStatus, type Schema, zql } from '../schema.ts';
import { z } from '../zod.ts';
import { assertCanWrite, assertChatsEnabled, assertInChannelScope, mutationError } from './mutation-error.ts';
import { requireVisibleCustomer } from './require-visible.ts';

// Support requests born in a conversation: create (from a message), edit, tags, discussion posts,
// attachments. Shared by browser (optimistic) and server (authoritative); the server overrides `create`
// (server/requests/create-request-mutator.ts) to take the real code from request_code_seq.

const id = z.string().check(z.minLength(1), z.maxLength(64));
const optionalId = z.optional(z.nullable(id));
export const REQUEST_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export const REQUEST_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const REQUEST_NAME_MAX = 200;
export const REQUEST_DESCRIPTION_MAX = 20_000;
export const REQUEST_POST_MAX = 20_000;

/** REQ-000123: the human code of the request with sequence number `n`. */
export function formatRequestCode(n: number): string {
  return `REQ-${String(n).padStart(6, '0')}`;
}

/** The code the browser shows until the server's confirmed row (with the real number) arrives. */
export function provisionalRequestCode(requestId: string): string {
  return `REQ-…${requestId.replace(/[^A-Za-z0-9]/g, '').slice(-4)}`;
}

export function isProvisionalRequestCode(code: string): boolean {
  return code.startsWith('REQ-…');
}

export const CreateRequestArgs = z.object({
  id,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(REQUEST_NAME_MAX)),
  description: z._default(z.string().check(z.maxLength(REQUEST_DESCRIPTION_MAX)), ''),
  companyId: optionalId,
  requestTemplateId: optionalId,
  contactId: optionalId,
  status: z.optional(z.enum(REQUEST_STATUSES)),
  priority: z._default(z.enum(REQUEST_PRIORITIES), 'normal'),
  conversationId: optionalId,
  /** The customer message the request was created from (must belong to conversationId). */
  sourceMessageId: optionalId,
  now: z.number(),
});
export type CreateRequestArgs = z.infer<typeof CreateRequestArgs>;

type Tx = Transaction<Schema>;

async function visibleConversation(tx: Tx, ctx: ZeroContext, conversationId: string) {
  assertChatsEnabled(ctx);
  const conv = await tx.run(zql.conversation.where('id', conversationId).one());
  if (!conv) throw mutationError('not_found', 'That conversation does not exist.');
  assertInChannelScope(ctx, conv.channelId);
  return conv;
}

/** The request if this operator may see it (the same rule as the synced queries), else an error. */
export async function visibleRequest(tx: Tx, ctx: ZeroContext, requestId: string) {
  // Every request write comes through here (or insertRequest): none while the module is off.
  assertChatsEnabled(ctx);
  const req = await tx.run(zql.request.where('id', requestId).related('originConversation').one());
  if (!req) throw mutationError('not_found', 'That request does not exist.');
  if (ctx.channelScope && req.originConversationId) {
    // On the client the origin conversation may not be synced; the server always has it.
    if (req.originConversation || tx.location === 'server')
      assertInChannelScope(ctx, req.originConversation?.channelId);
  }
  return req;
}

async function visibleMessage(tx: Tx, ctx: ZeroContext, messageId: string) {
  const msg = await tx.run(zql.message.where('id', messageId).one());
  if (!msg) throw mutationError('not_found', 'That message does not exist.');
  await visibleConversation(tx, ctx, msg.conversationId);
  return msg;
}

/** The text a message contributes to a request: its body, or a label for media without a caption. */
export function messageAsText(msg: { type: string; body: string }): string {
  const body = msg.body.trim();
  if (body) return body;
  return `[${msg.type}]`;
}

/** Shared body of `requests.create`; `code` is provisional in the browser and real on the server. */
export async function insertRequest(tx: Tx, ctx: ZeroContext, args: CreateRequestArgs, code: string) {
  assertCanWrite(ctx);
  assertChatsEnabled(ctx);
  // Idempotent on the client-generated id: a replayed create is a no-op.
  if (await tx.run(zql.request.where('id', args.id).one())) return;
  const now = tx.location === 'server' ? Date.now() : args.now;
  let contactId = args.contactId ?? null;
  if (args.conversationId) {
    const conv = await visibleConversation(tx, ctx, args.conversationId);
    contactId = contactId ?? conv.contactId;
  }
  // A named customer must be one this operator talks to (customers.update's rule); the browser may not
  // have their conversations synced, the server always has them.
  if (args.contactId && tx.location === 'server') {
    await requireVisibleCustomer(tx, ctx, args.contactId);
  }
  if (args.sourceMessageId) {
    const msg = await visibleMessage(tx, ctx, args.sourceMessageId);
    if (args.conversationId && msg.conversationId !== args.conversationId)
      throw mutationError('invalid', 'That message belongs to another conversation.');
  }
  let status: RequestStatus = args.status ?? 'new';
  if (args.requestTemplateId) {
    const template = await tx.run(zql.requestTemplate.where('id', args.requestTemplateId).one());
    if (!template && tx.location === 'server')
      throw mutationError('invalid', 'That request template does not exist.');
    if (!args.status && template && isRequestStatus(template.defaultStatus)) status = template.defaultStatus;
  }
  if (args.companyId && tx.location === 'server') {
    if (!(await tx.run(zql.company.where('id', args.companyId).one())))
      throw mutationError('invalid', 'That company does not exist.');
  }
  await tx.mutate.request.insert({
    id: args.id,
    code,
    name: args.name,
    companyId: args.companyId ?? null,
    requestTemplateId: args.requestTemplateId ?? null,
    contactId,
    description: args.description,
    status,
    priority: args.priority,
    originConversationId: args.conversationId ?? null,
    originMessageId: args.sourceMessageId ?? null,
    createdBy: ctx.userID,
    createdAt: now,
    updatedAt: now,
  });
}

function isRequestStatus(s: string): s is RequestStatus {
  return (REQUEST_STATUSES as readonly string[]).includes(s);
}

export const requestMutators = {
  create: defineMutator(CreateRequestArgs, async ({ tx, args, ctx }) => {
    await insertRequest(tx, ctx, args, provisionalRequestCode(args.id));
  }),

  update: defineMutator(
    z.object({
      id,
      name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(REQUEST_NAME_MAX))),
      description: z.optional(z.string().check(z.maxLength(REQUEST_DESCRIPTION_MAX))),
      companyId: optionalId,
      requestTemplateId: optionalId,
      status: z.optional(z.enum(REQUEST_STATUSES)),
      priority: z.optional(z.enum(REQUEST_PRIORITIES)),
      now: z.number(),
    }),
    async ({ tx, args, ctx }) => {
      assertCanWrite(ctx);
      await visibleRequest(tx, ctx, args.id);
      const { now: clientNow, id: requestId, ...changes } = args;
      if (tx.location === 'server') {
        if (changes.companyId && !(await tx.run(zql.company.where('id', changes.companyId).one())))
          throw mutationError('invalid', 'That company does not exist.');
        if (
          changes.requestTemplateId &&
          !(await tx.run(zql.requestTemplate.where('id', changes.requestTemplateId).one()))
        )
          throw mutationError('invalid', 'That request template does not exist.');
      }
      // Zero leaves fields passed as undefined untouched; null clears company / template.
      await tx.mutate.request.update({
        id: requestId,
        ...changes,
        updatedAt: tx.location === 'server' ? Date.now() : clientNow,
      });
    },
  ),

  addTag: defineMutator(z.object({ requestId: id, tagId: id }), async ({ tx, args, ctx }) => {
    assertCanWrite(ctx);
    await visibleRequest(tx, ctx, args.requestId);
    if (tx.location === 'server' && !(await tx.run(zql.tag.where('id', args.tagId).one())))
      throw mutationError('invalid', 'That tag does not exist.');
    await tx.mutate.requestTag.upsert({ requestId: args.requestId, tagId: args.tagId });
  }),

  removeTag: defineMutator(z.object({ requestId: id, tagId: id }), async ({ tx, args, ctx }) => {
    assertCanWrite(ctx);
    await visibleRequest(tx, ctx, args.requestId);
    await tx.mutate.requestTag.delete({ requestId: args.requestId, tagId: args.tagId });
  }),

  /** A discussion post; with sourceMessageId it is "add this chat message to the request". */
  addPost: defineMutator(
    z.object({
      id,
      requestId: id,
      body: z._default(z.string().check(z.maxLength(REQUEST_POST_MAX)), ''),
      sourceMessageId: optionalId,
      now: z.number(),
    }),
    async ({ tx, args, ctx }) => {
      assertCanWrite(ctx);
      if (await tx.run(zql.requestPost.where('id', args.id).one())) return;
      await visibleRequest(tx, ctx, args.requestId);
      const now = tx.location === 'server' ? Date.now() : args.now;
      let body = args.body.trim();
      if (args.sourceMessageId) {
        const msg = await visibleMessage(tx, ctx, args.sourceMessageId);
        if (!body) body = messageAsText(msg);
        // The message's file comes along, so the request keeps the photo or document itself.
        if (msg.attachmentId) {
          await tx.mutate.requestAttachment.upsert({
            requestId: args.requestId,
            attachmentId: msg.attachmentId,
            createdAt: now,
          });
        }
      }
      if (!body) throw mutationError('invalid', 'A post needs some text.');
      await tx.mutate.requestPost.insert({
        id: args.id,
        requestId: args.requestId,
        authorId: ctx.userID,
        body,
        sourceMessageId: args.sourceMessageId ?? null,
        createdAt: now,
      });
      await tx.mutate.request.update({ id: args.requestId, updatedAt: now });
    },
  ),

  /** Links a file uploaded through POST /api/files to the request. */
  attachFile: defineMutator(
    z.object({ requestId: id, attachmentId: id, now: z.number() }),
    async ({ tx, args, ctx }) => {
      assertCanWrite(ctx);
      await visibleRequest(tx, ctx, args.requestId);
      const file = await tx.run(zql.attachment.where('id', args.attachmentId).one());
      if (tx.location === 'server') {
        if (!file) throw mutationError('not_found', 'That file does not exist.');
        if (file.uploadedBy !== ctx.userID && ctx.role !== 'admin')
          throw mutationError('forbidden', 'Attach files you uploaded yourself.');
      }
      await tx.mutate.requestAttachment.upsert({
        requestId: args.requestId,
        attachmentId: args.attachmentId,
        createdAt: tx.location === 'server' ? Date.now() : args.now,
      });
    },
  ),

  detachFile: defineMutator(z.object({ requestId: id, attachmentId: id }), async ({ tx, args, ctx }) => {
    assertCanWrite(ctx);
    await visibleRequest(tx, ctx, args.requestId);
    await tx.mutate.requestAttachment.delete({ requestId: args.requestId, attachmentId: args.attachmentId });
  }),
};
