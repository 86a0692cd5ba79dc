import type { Hono } from 'hono';
import { apiV1Capability } from './api-v1/api-v1-capability.ts';
import { filesCapability } from './files/files-capability.ts';
import type { AppBindings, AppDeps } from './http/app-context.ts';
import { inboundCapability } from './inbound/inbound-capability.ts';
import { lifecycleCapability } from './lifecycle/lifecycle-capability.ts';
import { operatorsCapability } from './operators/operators-capability.ts';
import { outboundCapability } from './outbound/outbound-capability.ts';
import { settingsCapability } from './settings/settings-capability.ts';
import { simulatorCapability } from './simulator/simulator-capability.ts';

/** A capability's HTTP routes and background work, mounted by main.ts (one line per capability). */
export type Capability = {
  routes?: Hono<AppBindings>[];
  /** Starts background work; resolves to a stop function awaited on shutdown. */
  start?: () => Promise<() => Promise<void>>;
};

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
