import type { Capability } from '../capabilities.ts';
import type { AppDeps } from '../http/app-context.ts';
import { uploadRoute } from './upload-route.ts';

/** Operator uploads into the file store (composer attachments, request attachments). */
export function filesCapability(deps: AppDeps): Capability {
  return { routes: [uploadRoute(deps)] };
}
