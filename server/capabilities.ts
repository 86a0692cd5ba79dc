import { apiV1Capability } from './api-v1/api-v1-capability.ts';
import type { Capability } from './capability.ts';
import { filesCapability } from './files/files-capability.ts';
import type { AppDeps } from './http/app-context.ts';
import { inboundCapability } from './inbound/inbound-capability.ts';
import { lifecycleCapability } from './lifecycle/lifecycle-capability.ts';
import { operatorsCapability } from './operators/operators-capability.ts';
import { outboundCapability } from './outbound/outbound-capability.ts';
import { settingsCapability } from './settings/settings-capability.ts';
import { simulatorCapability } from './simulator/simulator-capability.ts';

/** Every capability, one line each (main.ts mounts their routes and starts their background work). */
export function capabilities(deps: AppDeps): Capability[] {
  return [
    inboundCapability(deps),
    filesCapability(deps),
    outboundCapability(deps),
    settingsCapability(deps),
    operatorsCapability(deps),
    lifecycleCapability(deps),
    apiV1Capability(deps),
    simulatorCapability(deps),
  ];
}
