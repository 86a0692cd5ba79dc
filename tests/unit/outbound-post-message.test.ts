import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { fetchWithCallbackData } from '../../server/outbound/delivery-evidence.ts';
import { type MessageToPost, postMessage } from '../../server/outbound/post-message.ts';
import type { StoredTemplate } from '../../server/outbound/send-template.ts';
import { GraphClient } from '../../server/whatsapp/graph-client.ts';
import { graphServer } from './graph-server.ts';

// The exact Graph API bodies the outbox posts for each kind of stored message, captured by msw.

const GRAPH = 'https://graph.facebook.com/v23.0';
const PHONE_ID = '106540352242922';
const MESSAGES_URL = `${GRAPH}/${PHONE_ID}/messages`;

function client(messageId?: string) {
  return new GraphClient({
    graphUrl: GRAPH,
    accessToken: 'EAAtest',
    phoneNumberId: PHONE_ID,
    wabaId: '102290129340398',
    timeoutMs: 2000,
    ...(messageId ? { fetch: fetchWithCallbackData(globalThis.fetch, messageId) } : {}),
  });
}

function capture(wamid = 'wamid.OUT1') {
  const bodies: Record<string, unknown>[] = [];
  graphServer.use(
    http.post(MESSAGES_URL, async ({ request }) => {
      bodies.push((await request.json()) as Record<string, unknown>);
      return HttpResponse.json({
        messaging_product: 'whatsapp',
        contacts: [{ input: '16505551234', wa_id: '16505551234' }],
        messages: [{ id: wamid }],
      });
    }),
  );
  return bodies;
}

function templateComponents(body: Record<string, unknown> | undefined): unknown[] {
  return (body?.template as { components?: unknown[] } | undefined)?.components ?? [];
}

const base: MessageToPost = {
  to: '16505551234',
  type: 'text',
  body: 'Hello',
  replyToWamid: null,
  templateParams: null,
};

const positional: StoredTemplate = {
  id: 'tpl-1',
  waba_id: '102290129340398',
  name: 'order_update',
  language: 'en_US',
  status: 'APPROVED',
  parameter_format: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'IMAGE' },
    { type: 'BODY', text: 'Hello {{1}}, your order {{2}} is on its way.' },
  ],
};

const named: StoredTemplate = {
  ...positional,
  id: 'tpl-2',
  name: 'hello_again',
  parameter_format: 'NAMED',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Hi {{first_name}}' },
    { type: 'BODY', text: 'Dear {{first_name}}, order {{order}} shipped.' },
  ],
};

describe('postMessage', () => {
  it('a text, as a reply, with link previews only when it has a link', async () => {
    const bodies = capture('wamid.T1');
    const sent = await postMessage(client(), { ...base, replyToWamid: 'wamid.IN1' }, null, null, null);
    await postMessage(client(), { ...base, body: 'See https://example.com/x' }, null, null, null);
    expect(sent).toEqual({ wamid: 'wamid.T1', waId: '16505551234', messageStatus: null });
    expect(bodies[0]).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '16505551234',
      context: { message_id: 'wamid.IN1' },
      type: 'text',
      text: { preview_url: false, body: 'Hello' },
    });
    expect(bodies[1]).toMatchObject({ text: { preview_url: true, body: 'See https://example.com/x' } });
  });

  it('a positional template with an uploaded header image, by media id', async () => {
    const bodies = capture();
    await postMessage(
      client(),
      {
        ...base,
        type: 'template',
        templateParams: { body: ['Jessica', 'SKB-42'], header: null, headerMedia: { attachmentId: 'att-1' } },
      },
      positional,
      null,
      'media-77',
    );
    expect(bodies[0]).toMatchObject({
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { id: 'media-77' } }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Jessica' },
              { type: 'text', text: 'SKB-42' },
            ],
          },
        ],
      },
    });
  });

  it('a positional template with a header image link', async () => {
    const bodies = capture();
    await postMessage(
      client(),
      {
        ...base,
        type: 'template',
        templateParams: {
          body: ['Jessica', 'SKB-42'],
          header: null,
          headerMedia: { link: 'https://cdn.example.com/a.png' },
        },
      },
      positional,
      null,
      null,
    );
    expect(templateComponents(bodies[0])[0]).toEqual({
      type: 'header',
      parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/a.png' } }],
    });
  });

  it('a named template: one record fills header and body, sent with parameter names', async () => {
    const bodies = capture();
    await postMessage(
      client(),
      {
        ...base,
        type: 'template',
        templateParams: { body: { first_name: 'Jessica', order: 'SKB-42' }, header: null, headerMedia: null },
      },
      named,
      null,
      null,
    );
    expect(templateComponents(bodies[0])).toEqual([
      { type: 'header', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Jessica' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', parameter_name: 'first_name', text: 'Jessica' },
          { type: 'text', parameter_name: 'order', text: 'SKB-42' },
        ],
      },
    ]);
  });

  it('media by id: an image with its caption, a document with its file name', async () => {
    const bodies = capture();
    await postMessage(client(), { ...base, type: 'image', body: 'Invoice' }, null, 'media-1', null);
    await postMessage(
      client(),
      { ...base, type: 'document', body: '', filename: 'invoice.pdf' },
      null,
      'media-2',
      null,
    );
    expect(bodies[0]).toMatchObject({ type: 'image', image: { id: 'media-1', caption: 'Invoice' } });
    expect(bodies[1]).toMatchObject({
      type: 'document',
      document: { id: 'media-2', filename: 'invoice.pdf' },
    });
    expect(bodies[1]).not.toHaveProperty('document.caption');
  });

  it('refuses a type it cannot send instead of posting something wrong', async () => {
    const bodies = capture();
    await expect(postMessage(client(), { ...base, type: 'location' }, null, null, null)).rejects.toThrow(
      /cannot be sent/,
    );
    expect(bodies).toHaveLength(0);
  });
});

describe('fetchWithCallbackData', () => {
  it('names our message in biz_opaque_callback_data on sends, so status webhooks can prove acceptance', async () => {
    const bodies = capture();
    await postMessage(client('msg-123'), base, null, null, null);
    expect(bodies[0]).toMatchObject({ type: 'text', biz_opaque_callback_data: 'msg-123' });
  });

  it('leaves read receipts and media uploads alone', async () => {
    const bodies: Record<string, unknown>[] = [];
    let uploadType = '';
    graphServer.use(
      http.post(MESSAGES_URL, async ({ request }) => {
        bodies.push((await request.json()) as Record<string, unknown>);
        return HttpResponse.json({ success: true });
      }),
      http.post(`${GRAPH}/${PHONE_ID}/media`, async ({ request }) => {
        uploadType = request.headers.get('content-type') ?? '';
        return HttpResponse.json({ id: 'media-9' });
      }),
    );
    await client('msg-123').markRead('wamid.IN9');
    const { mediaId } = await client('msg-123').uploadMedia(new Uint8Array([1, 2]), 'image/png', 'a.png');
    expect(bodies[0]).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN9' });
    expect(uploadType).toMatch(/^multipart\/form-data/);
    expect(mediaId).toBe('media-9');
  });
});
