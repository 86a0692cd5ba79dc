import { defineMutator } from '@rocicorp/zero';
import { z } from '../zod.ts';
import { assertCanWrite } from './mutation-error.ts';

export const RefreshTemplatesArgs = z._default(z.object({}), {});

export const templateMutators = {
  /**
   * "Refresh" in the template picker: the server queues a sync from Meta (GET /{waba-id}/message_templates,
   * every page); the synced whatsapp_template rows then update the picker live. Nothing to do optimistically.
   */
  refresh: defineMutator(RefreshTemplatesArgs, async ({ ctx }) => {
    assertCanWrite(ctx);
  }),
};
