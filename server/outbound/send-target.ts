// The types every send path shares: who sends, with what options, through which database handle, and to
// which conversation. A module of their own, so the send paths and the outbox queue import them without
// importing each other.
import type pg from 'pg';
import type { ZeroContext } from '../../schema/context.ts';

/** Who sends: the Zero context of a signed-in operator, or the operator behind a REST API token. */
export type Sender = ZeroContext;

/** What every send path needs; `now` is injectable for tests (the server clock decides the window). */
export type OutboundOptions = { timeZone: string; now?: () => number };

export type Db = Pick<pg.ClientBase, 'query'>;

/** The conversation a reply goes to, locked for this transaction (sends to one customer serialise). */
export type SendTarget = {
  conversationId: string;
  channelId: string;
  wabaId: string;
  lastMessageId: string | null;
  awaitingReply: boolean;
  customerLastMessageAt: number | null;
  operatorName: string;
};
