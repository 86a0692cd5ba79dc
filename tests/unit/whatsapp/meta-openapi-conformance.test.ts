// The client's requests must be valid for Meta's OpenAPI description, and its response schemas must
// accept the responses Meta documents.
import { describe, expect, it } from 'vitest';
import { prepareTemplateMessage } from '../../../schema/whatsapp/render-template.ts';
import type { ChannelConfig } from '../../../server/channels/channel-config.ts';
import { graphClientFor } from '../../../server/outbound/graph-client-for.ts';
import type { OutboxRuntime } from '../../../server/outbound/outbox-runtime.ts';
import type { GraphClient } from '../../../server/whatsapp/graph-client.ts';
import { graphErrorFromResponse } from '../../../server/whatsapp/graph-error.ts';
import {
  markReadResponseSchema,
  mediaUrlResponseSchema,
  phoneNumberResponseSchema,
  sendMessageResponseSchema,
  templatesPageSchema,
  uploadMediaResponseSchema,
} from '../../../server/whatsapp/graph-response-schemas.ts';
import { metaSpecExamples, metaSpecResponseStatuses, validateAgainstMetaSpec } from './meta-openapi.ts';

const MESSAGES = '/{Version}/{Phone-Number-ID}/messages';

/**
 * Runs `send` with the Graph client the outbox uses for a message (graphClientFor, which adds
 * biz_opaque_callback_data) over a fake fetch, and returns the exact JSON bodies that went on the wire.
 */
async function bodiesSentBy(
  send: (client: GraphClient) => Promise<unknown>,
  options: { bsuidAddressField?: 'recipient' | 'to' } = {},
): Promise<unknown[]> {
  const bodies: unknown[] = [];
  const fakeFetch: typeof fetch = async (_input, init) => {
    const body = JSON.parse(String(init?.body));
    bodies.push(body);
    return Response.json(
      'status' in body
        ? { success: true }
        : {
            messaging_product: 'whatsapp',
            contacts: [{ input: '1', wa_id: '1' }],
            messages: [{ id: 'wamid.X' }],
          },
    );
  };
  const channel = {
    graphUrl: 'https://graph.facebook.com/v27.0',
    accessToken: 't',
    phoneNumberId: '106540352242922',
    wabaId: '1',
    bsuidAddressField: options.bsuidAddressField ?? 'recipient',
  } as ChannelConfig;
  const rt = { settings: { graphTimeoutMs: 1000, fetch: fakeFetch } } as unknown as OutboxRuntime;
  await send(graphClientFor(rt, channel, 'msg_01HZX3Y5R8ZK2M4N6P8Q0S2T4V'));
  return bodies;
}

function expectValid(result: { valid: boolean; errors: string[] }, label: string) {
  expect(result.errors, label).toEqual([]);
  expect(result.valid, label).toBe(true);
}

describe('request bodies conform to POST /{Version}/{Phone-Number-ID}/messages', () => {
  const cases: Array<[string, (c: GraphClient) => Promise<unknown>]> = [
    ['text', (c) => c.sendText('+16505551234', 'Hi')],
    [
      'text reply with preview',
      (c) => c.sendText('16505551234', 'https://x.y', { replyToWamid: 'wamid.Q', previewUrl: true }),
    ],
    ['image', (c) => c.sendMedia('1', 'image', { mediaId: 'M', caption: 'Invoice' })],
    ['video reply', (c) => c.sendMedia('1', 'video', { mediaId: 'M', caption: 'clip' }, 'wamid.Q')],
    ['audio', (c) => c.sendMedia('1', 'audio', { mediaId: 'M' })],
    ['document', (c) => c.sendMedia('1', 'document', { mediaId: 'M', caption: 'c', filename: 'r.pdf' })],
    ['sticker', (c) => c.sendMedia('1', 'sticker', { mediaId: 'M' })],
    ['reaction', (c) => c.sendReaction('1', 'wamid.T', '👍')],
    ['reaction removal', (c) => c.sendReaction('1', 'wamid.T', '')],
    ['read', (c) => c.markRead('wamid.IN')],
    ['read with typing', (c) => c.markRead('wamid.IN', { typing: true })],
    ['template without parameters', (c) => c.sendTemplate('1', { name: 'hello_world', language: 'en_US' })],
    ['text to a username-only customer', (c) => c.sendText('US.13491208655302741918', 'Hi')],
  ];

  it.each(cases)('%s', async (label, send) => {
    const [body] = await bodiesSentBy(send);
    expectValid(validateAgainstMetaSpec('post', MESSAGES, 'request', 0, body), label);
  });

  it('the wire bodies carry our message id as biz_opaque_callback_data, within the documented 512 characters', async () => {
    const [text, read] = await bodiesSentBy(async (c) => {
      await c.sendText('16505551234', 'Hi');
      await c.markRead('wamid.IN');
    });
    expect(text).toMatchObject({ biz_opaque_callback_data: 'msg_01HZX3Y5R8ZK2M4N6P8Q0S2T4V' });
    expect(read).not.toHaveProperty('biz_opaque_callback_data');
    const tooLong = { ...(text as object), biz_opaque_callback_data: 'x'.repeat(513) };
    expect(validateAgainstMetaSpec('post', MESSAGES, 'request', 0, tooLong).valid).toBe(false);
  });

  it('addresses a business-scoped user id with `recipient`, or with `to` when the channel says so', async () => {
    const bsuid = 'US.13491208655302741918';
    const [viaRecipient] = await bodiesSentBy((c) => c.sendText(bsuid, 'Hi'));
    expect(viaRecipient).toMatchObject({ recipient: bsuid });
    expect(viaRecipient).not.toHaveProperty('to');
    const [viaTo] = await bodiesSentBy((c) => c.sendText(bsuid, 'Hi'), { bsuidAddressField: 'to' });
    expect(viaTo).toMatchObject({ to: bsuid });
    expect(viaTo).not.toHaveProperty('recipient');
    expectValid(validateAgainstMetaSpec('post', MESSAGES, 'request', 0, viaTo), 'to');
    // A phone number always goes in `to`.
    const [phone] = await bodiesSentBy((c) => c.sendText('16505551234', 'Hi'));
    expect(phone).toMatchObject({ to: '16505551234' });
  });

  it('positional and named templates with text and media headers', async () => {
    const positional = prepareTemplateMessage(
      {
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
          { type: 'BODY', text: 'Hi {{1}}, order {{2}}' },
        ],
      },
      { header: ['A'], body: ['Jo', 'A'] },
    );
    const named = prepareTemplateMessage(
      {
        parameter_format: 'NAMED',
        components: [
          { type: 'HEADER', format: 'DOCUMENT' },
          { type: 'BODY', text: 'Hi {{first_name}}' },
        ],
      },
      { body: { first_name: 'Ana' }, headerMedia: { link: 'https://x.y/i.pdf', filename: 'i.pdf' } },
    );
    const urlButton = prepareTemplateMessage(
      {
        components: [
          { type: 'BODY', text: 'Your order shipped' },
          // The URL button third: Meta's OpenAPI description gives `index` the pattern ^[2-6, 11-14]$, which
          // refuses 0 and 1 although its template docs number buttons 0-9; the product sends the button's
          // real position either way.
          {
            type: 'BUTTONS',
            buttons: [
              { type: 'QUICK_REPLY', text: 'Thanks' },
              { type: 'QUICK_REPLY', text: 'Stop' },
              { type: 'URL', text: 'Track', url: 'https://x.y/t/{{1}}' },
            ],
          },
        ],
      },
      { body: [], buttons: { '2': 'ORD-77' } },
    );
    if (!positional.ok || !named.ok || !urlButton.ok) throw new Error('templates should be valid');
    const bodies = await bodiesSentBy(async (c) => {
      await c.sendTemplate('1', {
        name: 'order_update',
        language: 'en_US',
        components: positional.components,
      });
      await c.sendTemplate('1', { name: 'welcome', language: 'pt_BR', components: named.components });
      await c.sendTemplate('1', { name: 'shipped', language: 'en', components: urlButton.components });
    });
    expect(bodies).toHaveLength(3);
    for (const body of bodies)
      expectValid(validateAgainstMetaSpec('post', MESSAGES, 'request', 0, body), 'template');
  });
});

describe('validateAgainstMetaSpec itself', () => {
  it("accepts the spec's own request examples for the message types we send", () => {
    const examples = metaSpecExamples('post', MESSAGES, 'request');
    const names = Object.keys(examples).filter((n) =>
      /^Send (Text|Image|Audio|Video|Document|Sticker).*by ID$|^Send typing indicator|^Send Reply with Reaction/i.test(
        n,
      ),
    );
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names)
      expectValid(validateAgainstMetaSpec('post', MESSAGES, 'request', 0, examples[name]), name);
  });

  it('rejects bodies Meta would reject', () => {
    const text = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '1',
      type: 'text',
      text: { body: 'x' },
    };
    expect(validateAgainstMetaSpec('post', MESSAGES, 'request', 0, text).valid).toBe(true);
    const { to: _to, ...withoutTo } = text;
    expect(validateAgainstMetaSpec('post', MESSAGES, 'request', 0, withoutTo).valid).toBe(false);
    expect(
      validateAgainstMetaSpec('post', MESSAGES, 'request', 0, { ...text, text: { bdy: 'x' } }).valid,
    ).toBe(false);
    expect(validateAgainstMetaSpec('post', MESSAGES, 'request', 0, { ...text, stray: 1 }).valid).toBe(false);
    const image = { ...text, type: 'image', text: undefined, image: { caption: 'no id or link' } };
    expect(validateAgainstMetaSpec('post', MESSAGES, 'request', 0, image).valid).toBe(false);
    const template = {
      ...text,
      type: 'template',
      text: undefined,
      template: { name: 'x', language: { code: 'en' } },
    };
    const result = validateAgainstMetaSpec(
      'post',
      MESSAGES,
      'request',
      0,
      JSON.parse(JSON.stringify(template)),
    );
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/policy/);
  });

  it('validates responses by status and refuses operations the spec does not have', () => {
    const ok = {
      messaging_product: 'whatsapp',
      contacts: [{ input: '1', wa_id: '1' }],
      messages: [{ id: 'wamid.X' }],
    };
    expect(validateAgainstMetaSpec('post', MESSAGES, 'response', 200, ok).valid).toBe(true);
    expect(validateAgainstMetaSpec('post', MESSAGES, 'response', 200, { messages: 'nope' }).valid).toBe(
      false,
    );
    const notFound = { error: { message: 'x', type: 'GraphMethodException', code: 803 } };
    expect(
      validateAgainstMetaSpec('get', '/{Version}/{Phone-Number-ID}', 'response', 404, notFound).valid,
    ).toBe(true);
    expect(
      validateAgainstMetaSpec('get', '/{Version}/{Phone-Number-ID}', 'response', 404, { error: {} }).valid,
    ).toBe(false);
    expect(() => validateAgainstMetaSpec('get', '/{Version}/nope', 'response', 200, {})).toThrow(/no GET/);
  });
});

describe("response schemas accept the spec's documented examples", () => {
  it('POST /messages: sends and read receipts', () => {
    const examples = Object.entries(metaSpecExamples('post', MESSAGES, 'response', 200));
    expect(examples.length).toBeGreaterThan(10);
    for (const [name, example] of examples) {
      const schema = /read receipt/i.test(name) ? markReadResponseSchema : sendMessageResponseSchema;
      expect(schema.safeParse(example).success, name).toBe(true);
      expectValid(validateAgainstMetaSpec('post', MESSAGES, 'response', 200, example), name);
    }
  });

  it('POST /media', () => {
    for (const [name, example] of Object.entries(
      metaSpecExamples('post', '/{Version}/{Phone-Number-ID}/media', 'response'),
    )) {
      expect(uploadMediaResponseSchema.safeParse(example).success, name).toBe(true);
    }
  });

  it('GET /{Media-ID}, file_size given as a string', () => {
    const examples = Object.values(metaSpecExamples('get', '/{Version}/{Media-ID}', 'response'));
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(mediaUrlResponseSchema.parse(example).file_size).toBe(303833);
    }
  });

  it('GET /{WABA-ID}/message_templates', () => {
    const examples = Object.entries(
      metaSpecExamples('get', '/{Version}/{WABA-ID}/message_templates', 'response'),
    );
    expect(examples.length).toBeGreaterThan(0);
    for (const [name, example] of examples) {
      const parsed = templatesPageSchema.safeParse(example);
      expect(parsed.success, `${name}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('GET /{Phone-Number-ID} and every documented error status', () => {
    const path = '/{Version}/{Phone-Number-ID}';
    for (const example of Object.values(metaSpecExamples('get', path, 'response', 200))) {
      expect(phoneNumberResponseSchema.safeParse(example).success).toBe(true);
    }
    const statuses = metaSpecResponseStatuses('get', path).filter((s) => s >= 400);
    expect(statuses).toEqual(expect.arrayContaining([400, 401, 403, 404]));
    for (const status of statuses) {
      for (const [name, example] of Object.entries(metaSpecExamples('get', path, 'response', status))) {
        const error = graphErrorFromResponse(status, JSON.stringify(example));
        const code = (example as { error: { code: number } }).error.code;
        expect(error.code, name).toBe(code);
        expect(error.fbtraceId, name).toBe('AXsgnV2Cm3ZMGF3dF_cfYIn');
        if (status === 401) expect(error.classification, name).toBe('channel_broken');
        if (status >= 500 || status === 429) expect(error.classification, name).toBe('transient');
      }
    }
  });
});
