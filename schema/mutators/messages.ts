import { defineMutator, type ReadonlyJSONValue, type Transaction } from '@rocicorp/zero';
import type { ZeroContext } from '../context.ts';
import { canWrite } from '../roles.ts';
import type { Schema } from '../schema.ts';
import { zql } from '../schema.ts';
import { previewText } from '../whatsapp/preview-text.ts';
import type { TemplateInput } from '../whatsapp/render-template.ts';
import { isServiceWindowOpen } from '../whatsapp/service-window.ts';
import type { MetaTemplateComponent } from '../whatsapp/template-schema.ts';
import { CAPTION_MAX_CHARS, TEMPLATE_PARAM_MAX_CHARS, TEXT_MAX_CHARS } from '../whatsapp/text-limits.ts';
import { z } from '../zod.ts';
import { assertCanWrite, assertChatsEnabled, assertInChannelScope, mutationError } from './mutation-error.ts';

// Replying on WhatsApp. In the browser these run optimistically: the message appears at once as
// 'pending' ("in progress") and the conversation's last message follows. The server's overrides
// (server/outbound/outbound-server-mutators.ts) lock the conversation, check what only the server can
// (its clock for the 24-hour window, the template's business account, uploaded files), run these very
// mutators, then add the counters and the outbox job in the same transaction.
// Names and argument shapes are wire protocol (and stored in offline queues): keep them stable.

const id = z.string().check(z.minLength(1), z.maxLength(64));
const paramValue = z.string().check(z.maxLength(TEMPLATE_PARAM_MAX_CHARS));
/** Positional ({{1}}, {{2}}…) values in order, or named ({{first_name}}) values by name. */
export const TemplateParams = z.union([
  z.array(paramValue).check(z.maxLength(100)),
  z.record(z.string().check(z.minLength(1), z.maxLength(100)), paramValue),
]);
export type TemplateParams = z.infer<typeof TemplateParams>;

/** Media for a template's IMAGE/VIDEO/DOCUMENT header: a public link or a file uploaded to /api/files. */
export const TemplateHeaderMedia = z.union([
  z.object({
    link: z.url().check(z.maxLength(2000)),
    filename: z.optional(z.string().check(z.maxLength(200))),
  }),
  z.object({ attachmentId: id }),
]);
export type TemplateHeaderMedia = z.infer<typeof TemplateHeaderMedia>;

const nonBlank = (max: number) =>
  z.string().check(
    z.maxLength(max),
    z.refine((s) => s.trim().length > 0, 'The message is empty.'),
  );

export const SendTextArgs = z.object({
  id,
  conversationId: id,
  body: nonBlank(TEXT_MAX_CHARS),
  replyToMessageId: z.optional(z.nullable(id)),
  now: z.number(),
});
export type SendTextArgs = z.infer<typeof SendTextArgs>;

export const SendTemplateArgs = z.object({
  id,
  conversationId: id,
  templateId: id,
  /** Body variables. */
  params: z._default(TemplateParams, []),
  /** Header text variables (positional templates number header and body apart). */
  headerParams: z.optional(TemplateParams),
  headerMedia: z.optional(TemplateHeaderMedia),
  /** Variable URL buttons' values (the end of the link), by the button's position: { "0": "order/1234" }. */
  buttonParams: z.optional(z.record(z.string().check(z.regex(/^\d{1,2}$/)), paramValue)),
  now: z.number(),
});
export type SendTemplateArgs = z.infer<typeof SendTemplateArgs>;

export const SendAttachmentArgs = z.object({
  id,
  conversationId: id,
  attachmentId: id,
  caption: z._default(z.string().check(z.maxLength(CAPTION_MAX_CHARS)), ''),
  replyToMessageId: z.optional(z.nullable(id)),
  now: z.number(),
});
export type SendAttachmentArgs = z.infer<typeof SendAttachmentArgs>;

/** One emoji (a single grapheme), or '' to remove the reaction. */
export const ReactionEmoji = z.string().check(
  z.maxLength(32),
  z.refine((s) => s === '' || isSingleEmoji(s), 'A reaction is a single emoji.'),
);

export const ReactArgs = z.object({
  id,
  messageId: id,
  emoji: ReactionEmoji,
  now: z.optional(z.number()),
});
export type ReactArgs = z.infer<typeof ReactArgs>;

export const MarkReadArgs = z.object({ conversationId: id });
export type MarkReadArgs = z.infer<typeof MarkReadArgs>;

export const RetryArgs = z.object({ messageId: id });
export type RetryArgs = z.infer<typeof RetryArgs>;

export function isSingleEmoji(s: string): boolean {
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)];
  return graphemes.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(s);
}

type Tx = Transaction<Schema>;

const tpl = (t: { components: unknown; parameterFormat: string }): TemplateInput => ({
  components: t.components as MetaTemplateComponent[],
  parameter_format: t.parameterFormat,
});

// ---- Shared by the browser (optimistic) and the server (through its overrides). ----

async function replyTarget(tx: Tx, ctx: ZeroContext | undefined, conversationId: string) {
  assertCanWrite(ctx);
  assertChatsEnabled(ctx);
  const conv = await tx.run(zql.conversation.where('id', conversationId).one());
  // Not loaded in this browser: the server decides; nothing to update optimistically.
  if (!conv) return null;
  assertInChannelScope(ctx, conv.channelId);
  return conv;
}

/**
 * The 24-hour rule for free-form messages (text, media, reactions). In the browser `now` is the
 * browser's clock; the server mutators pass their own, so the server's clock decides.
 */
export function assertWindowOpen(conv: { customerLastMessageAt?: number | null } | null, now: number) {
  if (conv && !isServiceWindowOpen(conv.customerLastMessageAt, now)) {
    throw mutationError(
      'window_closed',
      conv.customerLastMessageAt == null
        ? 'The customer has not written yet: only an approved template can start the conversation.'
        : 'More than 24 hours have passed since the customer last wrote: send an approved template instead.',
    );
  }
}

/**
 * The one place an operator's reply is written: the message ('pending') and the conversation's summary
 * (last message, last operator, lighthouse off). The browser runs it optimistically (`conv` is null when
 * the conversation is not loaded there); the server mutators run it through these same mutators and
 * add the counters and the outbox job.
 */
async function writeOutboundMessage(
  tx: Tx,
  ctx: ZeroContext,
  conv: { id: string } | null,
  row: {
    id: string;
    conversationId: string;
    type: string;
    body: string;
    preview: string;
    now: number;
    attachmentId?: string | null;
    replyToMessageId?: string | null;
    templateName?: string | null;
    templateLanguage?: string | null;
    templateParams?: ReadonlyJSONValue | null;
  },
) {
  let replyToWamid: string | null = null;
  if (row.replyToMessageId) {
    const target = await tx.run(zql.message.where('id', row.replyToMessageId).one());
    // The browser may not have the quoted message loaded; the server always has it.
    if (target ? target.conversationId !== row.conversationId : tx.location === 'server')
      throw mutationError('invalid', 'The message you are replying to is not in this conversation.');
    // Unknown yet when quoting our own reply still in the outbox: the send job resolves it later.
    replyToWamid = target?.wamid ?? null;
  }
  await tx.mutate.message.insert({
    id: row.id,
    conversationId: row.conversationId,
    wamid: null,
    direction: 'out',
    type: row.type,
    body: row.body,
    payload: null,
    attachmentId: row.attachmentId ?? null,
    replyToWamid,
    replyToMessageId: row.replyToMessageId ?? null,
    forwarded: false,
    frequentlyForwarded: false,
    status: 'pending',
    operatorId: ctx.userID,
    templateName: row.templateName ?? null,
    templateLanguage: row.templateLanguage ?? null,
    templateParams: row.templateParams ?? null,
    createdAt: row.now,
    receivedAt: row.now,
  });
  if (!conv) return;
  const me = await tx.run(zql.operator.where('id', ctx.userID).one());
  await tx.mutate.conversation.update({
    id: conv.id,
    lastMessageId: row.id,
    lastMessagePreview: row.preview,
    lastMessageAt: row.now,
    lastMessageDirection: 'out',
    lastMessageStatus: 'pending',
    lastMessageError: null,
    lastOperatorId: ctx.userID,
    ...(me ? { lastOperatorName: me.name } : {}),
    awaitingReply: false,
    awaitingSince: null,
    updatedAt: row.now,
  });
}

async function alreadyExists(tx: Tx, messageId: string): Promise<boolean> {
  // Idempotent on the client-generated id: a replayed send (offline outbox) is a no-op.
  return (await tx.run(zql.message.where('id', messageId).one())) !== undefined;
}

export const messageMutators = {
  sendText: defineMutator(SendTextArgs, async ({ tx, args, ctx }) => {
    if (await alreadyExists(tx, args.id)) return;
    const conv = await replyTarget(tx, ctx, args.conversationId);
    assertWindowOpen(conv, args.now);
    await writeOutboundMessage(tx, ctx as ZeroContext, conv, {
      id: args.id,
      conversationId: args.conversationId,
      type: 'text',
      body: args.body,
      preview: previewText({ type: 'text', body: args.body }),
      now: args.now,
      replyToMessageId: args.replyToMessageId ?? null,
    });
  }),

  sendTemplate: defineMutator(SendTemplateArgs, async ({ tx, args, ctx }) => {
    if (await alreadyExists(tx, args.id)) return;
    const conv = await replyTarget(tx, ctx, args.conversationId);
    if (!(ctx as ZeroContext).canSendTemplates)
      throw mutationError('forbidden', 'You may not send templates.');
    const template = await tx.run(zql.whatsappTemplate.where('id', args.templateId).one());
    if (template && template.status !== 'APPROVED')
      throw mutationError(
        'invalid',
        `The template "${template.name}" is ${template.status.toLowerCase()}, not approved.`,
      );
    // Loaded when a template is sent rather than with the Chats route (issue 12's bundle budget): the
    // template picker that precedes every send has already fetched this module, so the await is free,
    // and the service worker keeps every chunk, so an offline replay of a queued send finds it too.
    const { renderTemplateText, templateValuesFor } = await import('../whatsapp/render-template.ts');
    const body = template
      ? renderTemplateText(
          tpl(template),
          templateValuesFor(tpl(template), args.params, args.headerParams, args.buttonParams),
        )
      : '';
    await writeOutboundMessage(tx, ctx as ZeroContext, conv, {
      id: args.id,
      conversationId: args.conversationId,
      type: 'template',
      body,
      preview: previewText({ type: 'template', body: body || (template?.name ?? 'Template') }),
      now: args.now,
      templateName: template?.name ?? null,
      templateLanguage: template?.language ?? null,
      templateParams: {
        body: args.params,
        header: args.headerParams ?? null,
        headerMedia: args.headerMedia ?? null,
        buttons: args.buttonParams ?? null,
      },
    });
  }),

  sendAttachment: defineMutator(SendAttachmentArgs, async ({ tx, args, ctx }) => {
    if (await alreadyExists(tx, args.id)) return;
    const conv = await replyTarget(tx, ctx, args.conversationId);
    assertWindowOpen(conv, args.now);
    const attachment = await tx.run(zql.attachment.where('id', args.attachmentId).one());
    // Loaded on use like render-template above: the composer that uploads the file has fetched it already.
    const { mediaKindFor } = await import('../whatsapp/media-limits.ts');
    const type = (attachment && mediaKindFor(attachment.mimeType)) || 'document';
    await writeOutboundMessage(tx, ctx as ZeroContext, conv, {
      id: args.id,
      conversationId: args.conversationId,
      type,
      body: args.caption,
      preview: previewText({ type, body: args.caption, media: { filename: attachment?.filename ?? null } }),
      now: args.now,
      attachmentId: args.attachmentId,
      replyToMessageId: args.replyToMessageId ?? null,
    });
  }),

  react: defineMutator(ReactArgs, async ({ tx, args, ctx }) => {
    assertCanWrite(ctx);
    const msg = await tx.run(zql.message.where('id', args.messageId).one());
    if (!msg) return;
    // A reaction is a message for Meta: the 24-hour window applies (when the browser knows the time).
    if (args.now !== undefined) assertWindowOpen(await replyTarget(tx, ctx, msg.conversationId), args.now);
    const existing = await tx.run(
      zql.messageReaction.where('messageId', args.messageId).where('actor', ctx.userID).one(),
    );
    if (args.emoji === '') {
      if (existing) await tx.mutate.messageReaction.delete({ id: existing.id });
      return;
    }
    if (existing) {
      await tx.mutate.messageReaction.update({ id: existing.id, emoji: args.emoji });
    } else {
      await tx.mutate.messageReaction.insert({
        id: args.id,
        messageId: args.messageId,
        conversationId: msg.conversationId,
        actor: ctx.userID,
        emoji: args.emoji,
        createdAt: args.now ?? msg.createdAt,
      });
    }
  }),

  markRead: defineMutator(MarkReadArgs, async ({ tx, args, ctx }) => {
    // Read-only accounts look without marking anything read (no receipt goes to the customer).
    if (!ctx?.userID || !canWrite(ctx.role)) return;
    const conv = await tx.run(zql.conversation.where('id', args.conversationId).one());
    if (conv && conv.unreadCount > 0) await tx.mutate.conversation.update({ id: conv.id, unreadCount: 0 });
  }),

  retry: defineMutator(RetryArgs, async ({ tx, args, ctx }) => {
    assertCanWrite(ctx);
    const msg = await tx.run(zql.message.where('id', args.messageId).one());
    if (msg?.direction !== 'out' || msg.status !== 'failed') return;
    await tx.mutate.message.update({
      id: msg.id,
      status: 'pending',
      failedAt: null,
      errorCode: null,
      errorTitle: null,
      errorDetail: null,
    });
    const conv = await tx.run(zql.conversation.where('id', msg.conversationId).one());
    if (conv?.lastMessageId === msg.id) {
      await tx.mutate.conversation.update({
        id: conv.id,
        lastMessageStatus: 'pending',
        lastMessageError: null,
      });
    }
  }),
};
