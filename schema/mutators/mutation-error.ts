import { ApplicationError } from '@rocicorp/zero';
import type { ZeroContext } from '../context.ts';
import { canWrite } from '../roles.ts';

export type MutationErrorCode =
  | 'forbidden'
  | 'not_found'
  | 'invalid'
  | 'window_closed'
  | 'module_disabled'
  | 'channel_broken'
  | 'limit_reached'
  | 'internal';

/** A rejection the client can show as is: a stable code in details, a human message. */
export function mutationError(code: MutationErrorCode, message: string): ApplicationError<{ code: string }> {
  return new ApplicationError(message, { details: { code } });
}

export function assertCanWrite(ctx: ZeroContext | undefined): asserts ctx is ZeroContext {
  if (!ctx?.userID) throw mutationError('forbidden', 'Sign in first.');
  if (!canWrite(ctx.role)) throw mutationError('forbidden', 'Your account is read-only.');
}

export function assertSignedIn(ctx: ZeroContext | undefined): asserts ctx is ZeroContext {
  if (!ctx?.userID) throw mutationError('forbidden', 'Sign in first.');
}

export function assertAdmin(ctx: ZeroContext | undefined): asserts ctx is ZeroContext {
  assertSignedIn(ctx);
  if (ctx.role !== 'admin') throw mutationError('forbidden', 'Only administrators may do this.');
}

/** Chats data (conversations, messages, requests) is written only while the module is switched on. */
export function assertChatsEnabled(ctx: ZeroContext): void {
  if (!ctx.chatsEnabled) throw mutationError('module_disabled', 'The Chats module is switched off.');
}

/**
 * A conversation outside the operator's channels reads as missing, as in the synced queries (which
 * never send it) and the REST API (404): an operator cannot tell it from one that does not exist.
 */
export function assertInChannelScope(ctx: ZeroContext, channelId: string | undefined): void {
  if (ctx.channelScope && (!channelId || !ctx.channelScope.includes(channelId))) {
    throw mutationError('not_found', 'That conversation does not exist.');
  }
}
