import { defineMutators } from '@rocicorp/zero';
import { mutators } from '../../schema/mutators.ts';
import type { AppDeps } from '../http/app-context.ts';
import { lifecycleServerMutators } from '../lifecycle/lifecycle-server-mutators.ts';
import { reportPresenceServerMutator } from '../operators/report-presence-mutator.ts';
import { outboundServerMutators } from '../outbound/outbound-server-mutators.ts';
import { viewersHereServerMutator } from '../outbound/typing-server-mutator.ts';
import { createRequestServerMutator } from '../requests/create-request-mutator.ts';
import { settingsServerMutators } from '../settings/settings-mutators.ts';

/**
 * Server-side overrides of the shared mutators (zbugs' pattern): same names, extra authority such as
 * writing outbox jobs in the same transaction. Overrides are added per capability.
 */
export function serverMutators(deps: AppDeps) {
  return defineMutators(mutators, {
    requests: { create: createRequestServerMutator },
    settings: settingsServerMutators(deps),
    ...outboundServerMutators(deps),
    ...lifecycleServerMutators(deps),
    viewers: { here: viewersHereServerMutator },
    presence: { report: reportPresenceServerMutator },
  });
}
