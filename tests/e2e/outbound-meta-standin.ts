// Plays Meta for one business number in the browser tests of the outbox: a Graph API on a local port
// that holds each send until the test releases it (so "in progress" can be seen), and Meta's signed
// status webhooks (sent, delivered, read) posted to the running app when the test says so.
import { createHmac } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PhoneMessage = { wamid: string; to: string; text: string; callbackData: string | null };

export type StandInOptions = {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  appSecret: string;
  webhookUrl: string;
};

export class MetaStandIn {
  /** What the customer's phone received, in order. */
  readonly phone: PhoneMessage[] = [];
  readonly #held: (() => void)[] = [];
  readonly #server = createServer((req, res) => void this.#handle(req.method ?? '', req.url ?? '', req, res));
  #waiters: (() => void)[] = [];
  readonly options: StandInOptions;
  graphUrl = '';

  constructor(options: StandInOptions) {
    this.options = options;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.graphUrl = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/v23.0`;
    return this;
  }

  async close() {
    for (const release of this.#held.splice(0)) release();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
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
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: this.options.wabaId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: {
                  display_phone_number: this.options.displayPhoneNumber,
                  phone_number_id: this.options.phoneNumberId,
                },
                statuses: [
                  {
                    id: m.wamid,
                    status,
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    recipient_id: m.to,
                    ...(m.callbackData ? { biz_opaque_callback_data: m.callbackData } : {}),
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const signature = `sha256=${createHmac('sha256', this.options.appSecret).update(body).digest('hex')}`;
    const res = await fetch(this.options.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body,
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }

  async #handle(method: string, url: string, req: AsyncIterable<Buffer>, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c);
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const path = new URL(url, 'http://x').pathname;
    if (method === 'POST' && path === `/v23.0/${this.options.phoneNumberId}/messages`) {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      if (body.status === 'read') return reply(200, { success: true });
      await new Promise<void>((release) => {
        this.#held.push(release);
        for (const w of this.#waiters.splice(0)) w();
      });
      const text = body.text as { body?: string } | undefined;
      const m: PhoneMessage = {
        wamid: `wamid.STANDIN${this.phone.length + 1}`,
        to: String(body.to),
        text: text?.body ?? '',
        callbackData:
          typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : null,
      };
      this.phone.push(m);
      return reply(200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: m.to, wa_id: m.to }],
        messages: [{ id: m.wamid }],
      });
    }
    if (method === 'GET' && path.endsWith('/message_templates')) return reply(200, { data: [] });
    reply(404, { error: { message: `unknown path ${method} ${path}`, code: 100 } });
  }
}
