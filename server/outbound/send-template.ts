import type { Transaction } from '@rocicorp/zero';
import { zeroNodePg } from '@rocicorp/zero/server/adapters/pg';
import {
  messageMutators,
  SendTemplateArgs,
  type TemplateHeaderMedia,
} from '../../schema/mutators/messages.ts';
import { mutationError } from '../../schema/mutators/mutation-error.ts';
import { type Schema, schema } from '../../schema/schema.ts';
import { checkMedia } from '../../schema/whatsapp/media-limits.ts';
import {
  listTemplateVariables,
  type TemplateHeaderMediaValue,
  type TemplateInput,
  templateValuesFor,
  validateTemplateValues,
} from '../../schema/whatsapp/render-template.ts';
import type { MetaTemplateComponent } from '../../schema/whatsapp/template-schema.ts';
import { z } from '../../schema/zod.ts';
import type { Pool } from '../db/pool.ts';
import { type SendResult, sendReply } from './outbound-target.ts';
import { parseInput } from './parse-input.ts';
import type { Db, OutboundOptions, Sender, SendTarget } from './send-target.ts';
import { assertTemplateAllowed, loadTemplateAudience } from './template-audience.ts';

export type SendTemplateInput = Omit<SendTemplateArgs, 'now'>;

export type StoredTemplate = {
  id: string;
  waba_id: string;
  name: string;
  language: string;
  status: string;
  category?: string;
  parameter_format: string;
  components: MetaTemplateComponent[];
};

export function templateInput(t: Pick<StoredTemplate, 'components' | 'parameter_format'>): TemplateInput {
  return { components: t.components, parameter_format: t.parameter_format };
}

/** What is kept in message.template_params: enough to rebuild the Graph components at send time. */
export type StoredTemplateParams = {
  body: SendTemplateInput['params'];
  header: SendTemplateInput['headerParams'] | null;
  headerMedia: TemplateHeaderMedia | null;
  /** Absent in rows written before URL-button variables. */
  buttons?: SendTemplateInput['buttonParams'] | null;
};

/**
 * An approved template, allowed outside the 24-hour window. Checks the operator may send templates,
 * that the template belongs to the conversation's WhatsApp Business Account and is approved, and that
 * the values are complete; the stored body is the text the customer will read.
 */
export function sendTemplateInTransaction(
  tx: Transaction<Schema>,
  sender: Sender | undefined,
  input: SendTemplateInput,
  options: OutboundOptions,
): Promise<SendResult> {
  return sendReply(tx, sender, input, options, {
    freeForm: false,
    check: (db, target, actor) => assertSendableTemplate(db, target, actor, input),
    write: (now, ctx) => messageMutators.sendTemplate.fn({ tx, ctx, args: { ...input, now } }),
  });
}

async function assertSendableTemplate(db: Db, target: SendTarget, actor: Sender, input: SendTemplateInput) {
  if (!actor.canSendTemplates) throw mutationError('forbidden', 'You may not send templates.');
  const { rows } = await db.query<StoredTemplate>(
    `SELECT id, waba_id, name, language, status, category, parameter_format, components FROM whatsapp_template WHERE id = $1`,
    [input.templateId],
  );
  const template = rows[0];
  if (!template || template.waba_id !== target.wabaId) {
    throw mutationError(
      'invalid',
      'That template is not available for this business number: refresh the templates.',
    );
  }
  if (template.status !== 'APPROVED') {
    throw mutationError(
      'invalid',
      `The template "${template.name}" is ${template.status.toLowerCase()}, not approved.`,
    );
  }
  assertTemplateAllowed(template.category ?? '', await loadTemplateAudience(db, target.conversationId));
  const tpl = templateInput(template);
  const headerKind = listTemplateVariables(tpl).headerMedia;
  const headerMedia = input.headerMedia ?? null;
  let mediaForCheck: TemplateHeaderMediaValue | undefined;
  if (headerMedia && 'attachmentId' in headerMedia) {
    if (!headerKind) throw mutationError('invalid', 'This template has no media header.');
    await assertHeaderAttachment(db, actor, headerMedia.attachmentId, headerKind);
    // The file is uploaded to Meta by the send job; any id satisfies the completeness check here.
    mediaForCheck = { id: headerMedia.attachmentId };
  } else if (headerMedia) {
    mediaForCheck = headerMedia;
  }
  const errors = validateTemplateValues(tpl, {
    ...templateValuesFor(tpl, input.params, input.headerParams, input.buttonParams),
    ...(mediaForCheck ? { headerMedia: mediaForCheck } : {}),
  });
  if (errors.length > 0) throw mutationError('invalid', errors.join(' '));
}

async function assertHeaderAttachment(db: Db, sender: Sender, attachmentId: string, kind: string) {
  const { rows } = await db.query<{ mime_type: string; size_bytes: number | null; state: string }>(
    `SELECT mime_type, size_bytes, state FROM attachment
      WHERE id = $1 AND uploaded_by = $2 AND storage_key IS NOT NULL`,
    [attachmentId, sender.userID],
  );
  const a = rows[0];
  if (a?.state !== 'ready') throw mutationError('invalid', 'Upload the header file first.');
  const check = checkMedia(a.mime_type, a.size_bytes ?? 0);
  if (!check.ok) throw mutationError('invalid', check.error);
  if (check.kind !== kind)
    throw mutationError('invalid', `The template's header needs a ${kind}, not a ${check.kind}.`);
}

/** For the REST API: the same send in its own transaction. Throws ApplicationError (code in details). */
export function sendTemplateToConversation(
  pool: Pool,
  sender: Sender,
  input: SendTemplateInput,
  options: OutboundOptions,
): Promise<SendResult> {
  const parsed = parseInput(z.omit(SendTemplateArgs, { now: true }), input);
  return zeroNodePg(schema, pool).transaction((tx) => sendTemplateInTransaction(tx, sender, parsed, options));
}
