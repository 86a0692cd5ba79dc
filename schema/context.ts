import type { Role } from './roles.ts';
import type { Schema } from './schema.ts';

/** Who is asking. Built by the server from the session cookie; the client mirrors it for optimistic runs. */
export type ZeroContext = {
  userID: string;
  role: Role;
  canSendTemplates: boolean;
  /** null: every channel; otherwise the only channels this operator may see. */
  channelScope: string[] | null;
  /** The Global Settings module switch, read on the server when a query is resolved. */
  chatsEnabled: boolean;
};

declare module '@rocicorp/zero' {
  interface DefaultTypes {
    schema: Schema;
    context: ZeroContext;
  }
}
