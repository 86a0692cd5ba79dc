import { z } from './zod.ts';

/**
 * A browser's "still here" (POST /api/heartbeat), sent without Zero so that it changes no synced row and
 * no Zero client's mutation count, which every client group would advance over. Each field is checked
 * against what the synced rows already say; `false` in the answer means they do not (the sweep took the
 * operator offline, or the viewer row), and the browser says it again through the Zero mutation.
 */
export const HeartbeatBody = z.object({
  /** The presence this browser reports (presence.report's). */
  presence: z.optional(z.enum(['online', 'away'])),
  /** A conversation on this browser's screen (viewers.here's). */
  viewing: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type HeartbeatBody = z.infer<typeof HeartbeatBody>;

export const HeartbeatAnswer = z.object({
  presence: z.optional(z.boolean()),
  viewing: z.optional(z.boolean()),
});
export type HeartbeatAnswer = z.infer<typeof HeartbeatAnswer>;
