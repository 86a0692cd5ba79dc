// Plays Meta for one business number in the browser tests of the outbox: the shared Graph API stand-in
// (tests/support/fake-graph.ts) holding each send until the test releases it (so "in progress" can be
// seen), and Meta's signed status webhooks (sent, delivered, read) posted to the running app when the
// test says so.

import { serializeLikeMeta } from '../../server/whatsapp/serialize-like-meta.ts';
import { signWebhookBody } from '../../server/whatsapp/verify-signature.ts';
import { FakeGraph } from '../support/fake-graph.ts';
import { fixtureStatus, statusesWebhook } from '../support/webhook-fixtures.ts';

export type PhoneMessage = { wamid: string; to: string; text: string; callbackData: string | null };

export type StandInOptions = {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  appSecret: string;
  webhookUrl: string;
};

export class MetaStandIn {
  readonly #graph: FakeGraph;
  readonly #held: (() => void)[] = [];
  #waiters: (() => void)[] = [];
  readonly options: StandInOptions;

  constructor(options: StandInOptions) {
    this.options = options;
    this.#graph = new FakeGraph({
      phoneNumberId: options.phoneNumberId,
      wabaId: options.wabaId,
      accessToken: null,
    });
    this.#graph.behave = async () => {
      await new Promise<void>((release) => {
        this.#held.push(release);
        for (const w of this.#waiters.splice(0)) w();
      });
      return { kind: 'accept' };
    };
  }

  get graphUrl(): string {
    return this.#graph.base;
  }

  /** What the customer's phone received, in order. */
  get phone(): PhoneMessage[] {
    return this.#graph.accepted.map(({ wamid, to, text, callbackData }) => ({
      wamid,
      to,
      text,
      callbackData,
    }));
  }

  async start(): Promise<this> {
    await this.#graph.start();
    return this;
  }

  async close() {
    for (const release of this.#held.splice(0)) release();
    await this.#graph.close();
  }

  /** Resolves once a send is being held (the operator's message is "in progress"). */
  waitForHeldSend(): Promise<void> {
    if (this.#held.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Meta answers the held send: accepted, with a wamid. */
  releaseSend() {
    this.#held.shift()?.();
  }

  /** Meta's status webhook for a message the phone received. */
  async status(m: PhoneMessage, status: 'sent' | 'delivered' | 'read') {
    const item = { ...fixtureStatus[status](m.wamid, { recipient: m.to }) } as Record<string, unknown>;
    if (m.callbackData) item.biz_opaque_callback_data = m.callbackData;
    const body = serializeLikeMeta(
      statusesWebhook([item], {
        wabaId: this.options.wabaId,
        phoneNumberId: this.options.phoneNumberId,
        displayPhoneNumber: this.options.displayPhoneNumber,
      }),
    );
    const res = await fetch(this.options.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signWebhookBody(body, this.options.appSecret),
      },
      body,
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}
