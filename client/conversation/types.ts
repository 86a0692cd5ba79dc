import type { Row } from '@rocicorp/zero';
import type { Attachment, Message, Operator, schema } from '../../schema/schema.ts';

export type Reaction = Row<typeof schema.tables.messageReaction>;

/** A message as messages.byConversation delivers it, with its relations. */
export type ThreadMessageRow = Message & {
  readonly attachment?: Attachment | undefined;
  readonly reactions: readonly Reaction[];
  readonly operator?: Operator | undefined;
  readonly replyTo?: (Message & { readonly attachment?: Attachment | undefined }) | undefined;
};

/** Where the file store's bytes are served to signed-in operators (the inbound capability's route). */
export function fileUrl(attachmentId: string, download = false): string {
  return `/files/${encodeURIComponent(attachmentId)}${download ? '?download=1' : ''}`;
}

/** What an operator can do with a message in the thread (its menu, the customer's last message's buttons). */
export type MessageActions = {
  reply: (m: ThreadMessageRow) => void;
  react: (m: ThreadMessageRow, emoji: string) => void;
  newRequest: (m: ThreadMessageRow) => void;
  addToRequest: (m: ThreadMessageRow) => void;
  retry: (m: ThreadMessageRow) => void;
};
