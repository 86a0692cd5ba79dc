// Plays Meta's webhook delivery: events wait for their (realistic) delay, those due together for one
// business number are batched into one signed POST, a non-200 is retried with backoff, and now and
// then a POST is delivered twice. At least once, in no guaranteed order: like Meta.
import type { AppDeps } from '../http/app-context.ts';
import { serializeLikeMeta } from '../whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../whatsapp/verify-signature.ts';
import { pickDelay, type SimulatorConfig } from './simulator-config.ts';

type Json = Record<string, unknown>;

export type WebhookEvent =
  | { kind: 'message'; phoneNumberId: string; contact: Json; message: Json }
  | { kind: 'status'; phoneNumberId: string; status: Json }
  | { kind: 'template'; phoneNumberId: string; value: Json }
  /** Any other webhook field (2026 cases: echoes, calls, standby, preferences, account, categories). */
  | { kind: 'change'; phoneNumberId: string; field: string; value: Json; withMetadata: boolean };

export type ChannelForWebhook = { appSecret: string; wabaId: string; displayPhoneNumber: string };

/** POSTs a signed body to the product's webhook; resolves to the HTTP status (throws on network errors). */
export type DeliverWebhook = (body: string, signature: string) => Promise<number>;

export type DispatcherDeps = {
  log: AppDeps['log'];
  channelFor: (phoneNumberId: string) => Promise<ChannelForWebhook | null>;
  deliver: DeliverWebhook;
  config: () => SimulatorConfig;
  random: () => number;
  /** Called once an event's POST got its 200 (the first time). */
  onDelivered?: (event: WebhookEvent) => Promise<void>;
};

type Queued = { dueAt: number; event: WebhookEvent };
type Redelivery = {
  dueAt: number;
  phoneNumberId: string;
  body: string;
  events: WebhookEvent[];
  attempt: number;
  duplicate: boolean;
};

export type WebhookDispatcher = {
  schedule: (event: WebhookEvent, delayMs: number) => void;
  /** Resolves once nothing is waiting or being delivered. */
  idle: () => Promise<void>;
  stop: () => void;
  pending: () => number;
};

export function buildWebhookBody(
  channel: ChannelForWebhook,
  phoneNumberId: string,
  events: WebhookEvent[],
): Json {
  const metadata = {
    display_phone_number: channel.displayPhoneNumber.replace(/\D/g, ''),
    phone_number_id: phoneNumberId,
  };
  const changes: Json[] = [];
  const messages = events.flatMap((e) => (e.kind === 'message' ? [e] : []));
  if (messages.length > 0) {
    const contacts = new Map<string, Json>();
    for (const m of messages) contacts.set(String(m.contact.wa_id), m.contact);
    changes.push({
      field: 'messages',
      value: {
        messaging_product: 'whatsapp',
        metadata,
        contacts: [...contacts.values()],
        messages: messages.map((m) => m.message),
      },
    });
  }
  const statuses = events.flatMap((e) => (e.kind === 'status' ? [e.status] : []));
  if (statuses.length > 0) {
    changes.push({ field: 'messages', value: { messaging_product: 'whatsapp', metadata, statuses } });
  }
  for (const e of events) {
    if (e.kind === 'template') changes.push({ field: 'message_template_status_update', value: e.value });
    if (e.kind === 'change')
      changes.push({
        field: e.field,
        value: e.withMetadata ? { messaging_product: 'whatsapp', metadata, ...e.value } : e.value,
      });
  }
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: channel.wabaId, time: Math.floor(Date.now() / 1000), changes }],
  };
}

export function createWebhookDispatcher(deps: DispatcherDeps): WebhookDispatcher {
  const queue: Queued[] = [];
  const redeliveries: Redelivery[] = [];
  let inFlight = 0;
  let timer: NodeJS.Timeout | null = null;
  let timerAt = Number.POSITIVE_INFINITY;
  let stopped = false;
  let waiters: (() => void)[] = [];

  const settleIfIdle = () => {
    if (queue.length === 0 && redeliveries.length === 0 && inFlight === 0) {
      const list = waiters;
      waiters = [];
      for (const w of list) w();
    }
  };

  function arm() {
    if (stopped) return;
    const next = Math.min(...queue.map((q) => q.dueAt), ...redeliveries.map((r) => r.dueAt));
    if (!Number.isFinite(next)) return;
    const at = next + (queue.some((q) => q.dueAt === next) ? deps.config().batchWindowMs : 0);
    if (timer && at >= timerAt) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(fire, Math.max(0, at - Date.now()));
  }

  async function post(r: Omit<Redelivery, 'dueAt'>) {
    const channel = await deps.channelFor(r.phoneNumberId);
    if (!channel) {
      deps.log('warn', 'simulator: no webhook secret for this number, event dropped', {
        phoneNumberId: r.phoneNumberId,
      });
      return;
    }
    let status = 0;
    try {
      status = await deps.deliver(r.body, signWebhookBody(r.body, channel.appSecret));
    } catch (err) {
      deps.log('debug', 'simulator: webhook unreachable', { error: (err as Error).message });
    }
    const config = deps.config();
    if (status === 200) {
      if (!r.duplicate && deps.onDelivered) {
        for (const e of r.events) await deps.onDelivered(e).catch(() => {});
      }
      if (!r.duplicate && deps.random() < config.duplicateRate) {
        redeliveries.push({
          ...r,
          duplicate: true,
          attempt: 0,
          dueAt: Date.now() + pickDelay([200, 2_000], deps.random),
        });
      }
      return;
    }
    const delay = config.webhookRetryDelaysMs[r.attempt];
    if (delay === undefined) {
      deps.log('warn', 'simulator: webhook kept failing, giving up on a POST', {
        status,
        attempts: r.attempt + 1,
      });
      return;
    }
    redeliveries.push({ ...r, attempt: r.attempt + 1, dueAt: Date.now() + delay });
  }

  async function fire() {
    timer = null;
    timerAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    const due = queue.filter((q) => q.dueAt <= now);
    const dueAgain = redeliveries.filter((r) => r.dueAt <= now);
    for (const q of due) queue.splice(queue.indexOf(q), 1);
    for (const r of dueAgain) redeliveries.splice(redeliveries.indexOf(r), 1);
    const byNumber = new Map<string, WebhookEvent[]>();
    for (const q of due) {
      const list = byNumber.get(q.event.phoneNumberId) ?? [];
      list.push(q.event);
      byNumber.set(q.event.phoneNumberId, list);
    }
    const jobs: Promise<void>[] = [];
    for (const [phoneNumberId, events] of byNumber) {
      jobs.push(
        (async () => {
          const channel = await deps.channelFor(phoneNumberId);
          if (!channel) {
            deps.log('warn', 'simulator: channel gone, events dropped', { phoneNumberId });
            return;
          }
          const body = serializeLikeMeta(buildWebhookBody(channel, phoneNumberId, events));
          await post({ phoneNumberId, body, events, attempt: 0, duplicate: false });
        })(),
      );
    }
    for (const r of dueAgain) jobs.push(post(r));
    inFlight += jobs.length;
    arm();
    await Promise.all(
      jobs.map((j) =>
        j
          .catch((err) => deps.log('warn', 'simulator: delivery failed', { error: (err as Error).message }))
          .finally(() => {
            inFlight -= 1;
          }),
      ),
    );
    arm();
    settleIfIdle();
  }

  return {
    schedule(event, delayMs) {
      if (stopped) return;
      queue.push({ dueAt: Date.now() + Math.max(0, delayMs), event });
      arm();
    },
    idle() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        settleIfIdle();
      });
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      queue.length = 0;
      redeliveries.length = 0;
      settleIfIdle();
    },
    pending: () => queue.length + redeliveries.length + inFlight,
  };
}
