import type { ZeroContext } from '../../schema/context.ts';
import type { Pool } from '../db/pool.ts';
import { sendTemplateToConversation } from '../outbound/send-template.ts';
import { sendTextToConversation } from '../outbound/send-text.ts';
import {
  type CreateRequestFromMessageInput,
  createRequestFromMessage,
} from '../requests/create-request-from-message.ts';

type OutboundOptions = { timeZone: string };
type SendResult = { messageId: string; created: boolean };

/**
 * The write paths the REST API shares with the UI's Zero mutators: the outbox send (24-hour window,
 * template permission, read-only check, idempotent by message id) and request creation. Each throws
 * the mutators' ApplicationError (details.code), which the API maps to its error shape.
 */
export type ApiPorts = {
  sendText: (
    pool: Pool,
    sender: ZeroContext,
    input: { id: string; conversationId: string; body: string; replyToMessageId?: string | null },
    options: OutboundOptions,
  ) => Promise<SendResult>;
  sendTemplate: (
    pool: Pool,
    sender: ZeroContext,
    input: {
      id: string;
      conversationId: string;
      templateId: string;
      params: string[] | Record<string, string>;
      headerParams?: string[] | Record<string, string>;
      buttonParams?: Record<string, string>;
      headerMedia?: { link: string; filename?: string } | { attachmentId: string };
    },
    options: OutboundOptions,
  ) => Promise<SendResult>;
  createRequestFromMessage: (
    pool: Pool,
    ctx: ZeroContext,
    input: CreateRequestFromMessageInput,
  ) => Promise<{ id: string; code: string; conversationId: string }>;
};

export const defaultPorts: ApiPorts = {
  sendText: sendTextToConversation,
  sendTemplate: sendTemplateToConversation,
  createRequestFromMessage,
};
