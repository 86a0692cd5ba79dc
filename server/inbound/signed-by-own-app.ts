import type { ChannelSecret } from '../channels/webhook-secrets.ts';
import type { WebhookPlan } from './plan-webhook-batch.ts';

/**
 * The phone numbers and WABAs a body speaks for that belong to a channel of another Meta app: each
 * number must be reached only with its own app's secret, so that whoever holds one channel's secret
 * cannot write into another's. Numbers no channel has are left alone (they change nothing).
 * `signedWith` are the secrets the body's signature verified with (several channels can share one app).
 */
export function foreignTargets(
  plan: WebhookPlan,
  signedWith: readonly string[],
  channels: readonly ChannelSecret[],
): string[] {
  const mine = (c: ChannelSecret) => c.appSecret !== null && signedWith.includes(c.appSecret);
  const foreign = (ids: Iterable<string>, key: (c: ChannelSecret) => string) =>
    [...new Set(ids)].filter((id) => {
      const owners = channels.filter((c) => key(c) === id);
      return owners.length > 0 && !owners.some(mine);
    });
  return [
    ...foreign(plan.phoneNumberIds, (c) => c.phoneNumberId),
    ...foreign(
      plan.templateUpdates.map((u) => u.wabaId),
      (c) => c.wabaId,
    ).map((waba) => `WABA ${waba}`),
  ];
}
