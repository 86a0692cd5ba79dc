import type { Capability } from '../capability.ts';
import type { AppDeps } from '../http/app-context.ts';
import { emojiDataRoute } from './emoji-data-route.ts';
import { uploadRoute } from './upload-route.ts';

/** Operator uploads into the file store (composer and request attachments), and the emoji picker's data. */
export function filesCapability(deps: AppDeps): Capability {
  return { routes: [uploadRoute(deps), emojiDataRoute()] };
}
