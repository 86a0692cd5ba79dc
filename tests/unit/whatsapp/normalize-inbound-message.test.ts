import { describe, expect, it } from 'vitest';
import { previewText } from '../../../schema/whatsapp/preview-text.ts';
import {
  type NormalizedInboundMessage,
  normalizeInboundMessage,
} from '../../../server/whatsapp/normalize-inbound-message.ts';
import { isMessagesChange, parseWebhookBody } from '../../../server/whatsapp/webhook-payload.ts';
import { fixtureMessage, messagesWebhook } from '../../support/webhook-fixtures.ts';
import { metaSpecExamples } from './meta-openapi.ts';

function normalizeAll(body: unknown): NormalizedInboundMessage[] {
  const result = parseWebhookBody(body);
  if (!result.ok) throw new Error(result.error);
  return result.payload.entry
    .flatMap((e) => e.changes)
    .filter(isMessagesChange)
    .flatMap((c) => c.value.messages ?? [])
    .map(normalizeInboundMessage);
}

function normalize(message: Record<string, unknown>): NormalizedInboundMessage {
  const [record] = normalizeAll(messagesWebhook([message]));
  if (!record) throw new Error('no message');
  return record;
}

describe('normalizeInboundMessage', () => {
  it('flattens a text message with ids and a millisecond timestamp', () => {
    const record = normalize(
      fixtureMessage.text('Does it come in blue?', { wamid: 'wamid.A', timestamp: 1749416383 }),
    );
    expect(record).toEqual({
      wamid: 'wamid.A',
      fromWaId: '16505551234',
      fromUserId: null,
      fromParentUserId: null,
      to: { waId: null, userId: null, parentUserId: null },
      timestamp: 1749416383000,
      type: 'text',
      body: 'Does it come in blue?',
      payload: { body: 'Does it come in blue?' },
      forwarded: false,
      frequentlyForwarded: false,
    });
  });

  it('keeps reply and forwarding context', () => {
    const record = normalize(
      fixtureMessage.text('yes', { replyTo: 'wamid.Q', frequentlyForwarded: true, forwarded: true }),
    );
    expect(record.replyToWamid).toBe('wamid.Q');
    expect(record.forwarded).toBe(true);
    expect(record.frequentlyForwarded).toBe(true);
  });

  it('extracts media with caption, filename, voice and sticker flags', () => {
    const image = normalize(fixtureMessage.image({ caption: 'Invoice' }));
    expect(image.body).toBe('Invoice');
    expect(image.media).toMatchObject({
      mimeType: 'image/jpeg',
      caption: 'Invoice',
      filename: null,
      voice: false,
    });
    expect(image.media?.metaMediaId).toMatch(/^\d+$/);
    expect(image.media?.sha256).toBe('SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=');

    const doc = normalize(fixtureMessage.document({ filename: 'receipt.pdf' }));
    expect(doc.body).toBe('receipt.pdf');
    expect(doc.media).toMatchObject({ filename: 'receipt.pdf', mimeType: 'application/pdf' });
    expect(normalize(fixtureMessage.document({ filename: 'r.pdf', caption: 'Your receipt' })).body).toBe(
      'Your receipt',
    );

    const voice = normalize(fixtureMessage.audio({ voice: true }));
    expect(voice.body).toBe('');
    expect(voice.media?.voice).toBe(true);
    expect(normalize(fixtureMessage.sticker({ animated: true })).media?.animated).toBe(true);
    expect(normalize(fixtureMessage.video({ caption: 'clip' })).media?.caption).toBe('clip');
  });

  it('describes locations by name and address, or as a plain location', () => {
    const named = normalize(fixtureMessage.location({ name: 'Philz Coffee', address: '101 Forest Ave' }));
    expect(named.body).toBe('Philz Coffee, 101 Forest Ave');
    expect(named.payload).toMatchObject({ latitude: 37.44221496582, longitude: -122.16165924072 });
    expect(normalize(fixtureMessage.location()).body).toBe('📍 Location');
  });

  it('lists shared contact names', () => {
    const record = normalize(fixtureMessage.contacts(['Ann Lee', 'Bo Chen']));
    expect(record.body).toBe('Ann Lee, Bo Chen');
    expect((record.payload.contacts as unknown[]).length).toBe(2);
  });

  it('uses button and list titles', () => {
    expect(normalize(fixtureMessage.buttonReply('Yes, cancel')).body).toBe('Yes, cancel');
    const list = normalize(fixtureMessage.listReply('Express', { rowId: 'exp' }));
    expect(list.body).toBe('Express');
    expect(list.payload).toMatchObject({ type: 'list_reply', list_reply: { id: 'exp' } });
    const tap = normalize(fixtureMessage.button('Stop promotions', { replyTo: 'wamid.template' }));
    expect(tap.body).toBe('Stop promotions');
    expect(tap.replyToWamid).toBe('wamid.template');
  });

  it('turns reactions into a target and an emoji (null = removed)', () => {
    expect(normalize(fixtureMessage.reaction('wamid.T', '❤️')).reaction).toEqual({
      targetWamid: 'wamid.T',
      emoji: '❤️',
    });
    expect(normalize(fixtureMessage.reaction('wamid.T')).reaction).toEqual({
      targetWamid: 'wamid.T',
      emoji: null,
    });
  });

  it('explains unsupported messages and keeps their errors', () => {
    const record = normalize(fixtureMessage.unsupported({ details: 'Polls are not supported' }));
    expect(record.body).toBe('[unsupported: Polls are not supported]');
    expect(record.errors).toEqual({
      code: 131051,
      title: 'Message type unknown',
      detail: 'Polls are not supported',
    });
    expect(record.payload.errors).toHaveLength(1);
  });

  it('keeps unknown types whole, using an inner body when there is one', () => {
    const poll = normalize(fixtureMessage.ofUnknownType('poll_v9', { body: 'Which day?', options: ['Mon'] }));
    expect(poll.type).toBe('poll_v9');
    expect(poll.body).toBe('Which day?');
    expect(poll.payload).toMatchObject({ poll_v9: { options: ['Mon'] } });
    const other = normalize(fixtureMessage.ofUnknownType('hologram', { depth: 3 }));
    expect(other.body).toBe('[unsupported: hologram]');
    expect(other.payload).toMatchObject({ type: 'hologram', hologram: { depth: 3 } });
  });

  it('shows system messages and the identifiers they re-link', () => {
    const system = normalize(
      fixtureMessage.ofUnknownType('system', {
        body: 'User changed number',
        type: 'user_changed_number',
        new_wa_id: '16505550000',
      }),
    );
    expect(system.type).toBe('system');
    expect(system.body).toBe('User changed number');
    expect(system.relink).toEqual(['16505550000']);
    const bsuid = normalize(
      fixtureMessage.ofUnknownType('system', {
        type: 'user_changed_user_id',
        user_id: 'US.222',
        previous_user_id: 'US.111',
      }),
    );
    expect(bsuid.body).toBe('The customer changed their WhatsApp user id');
    expect(bsuid.relink).toEqual(['US.222']);
  });

  it('reads orders (items, quantities, prices, total) and Flow answers', () => {
    const order = normalize(
      fixtureMessage.ofUnknownType('order', {
        catalog_id: 'CAT1',
        text: 'Please deliver after 5',
        product_items: [
          { product_retailer_id: 'SKU-1', quantity: '2', item_price: '10.5', currency: 'EUR' },
          { product_retailer_id: 'SKU-2', quantity: 1, item_price: 4, currency: 'EUR' },
        ],
      }),
    );
    expect(order.body).toBe(
      'Order (catalog CAT1): 2 × SKU-1 at 10.5 EUR; 1 × SKU-2 at 4 EUR\nTotal: 25 EUR\nPlease deliver after 5',
    );
    expect(order.payload).toMatchObject({ catalog_id: 'CAT1' });
    expect(order.payload.product_items).toHaveLength(2);
    const flow = normalize(
      fixtureMessage.ofUnknownType('interactive', {
        type: 'nfm_reply',
        nfm_reply: {
          name: 'flow',
          body: 'Sent',
          response_json: JSON.stringify({
            flow_token: 'T',
            screen_0_Delivery_date_0: '2026-12-24',
            topics: ['a', 'b'],
          }),
        },
      }),
    );
    expect(flow.body).toBe('Form response:\nDelivery date: 2026-12-24\nTopics: a, b');
  });

  it('turns edits and deletes into changes of the original message', () => {
    const edit = normalize(
      fixtureMessage.ofUnknownType('edit', {
        original_message_id: 'wamid.ORIG',
        message: { type: 'text', text: { body: 'fixed typo' } },
      }),
    );
    expect(edit.change).toMatchObject({ kind: 'edit', targetWamid: 'wamid.ORIG', body: 'fixed typo' });
    const revoke = normalize(fixtureMessage.ofUnknownType('revoke', { original_message_id: 'wamid.ORIG' }));
    expect(revoke.change).toMatchObject({ kind: 'revoke', targetWamid: 'wamid.ORIG', body: null });
  });

  it("normalizes every inbound example in Meta's OpenAPI description", () => {
    const examples = metaSpecExamples('post', '/whatsapp/webhooks', 'request');
    const expected: Record<string, string> = {
      'Text Message': 'Does it come in another color?',
      'Reaction Message': '👍',
      'Image Message': 'Taj Mahal',
      'Location Message': 'Philz Coffee, 101 Forest Ave, Palo Alto, CA 94301',
      'Contact Sharing Message': 'Lucía Gómez',
      'Unsupported Message': '[unsupported: Message type is currently not supported.]',
      'Button Message': 'Unsubscribe',
      'Interactive List Reply Message': 'Priority Mail Express',
      'Interactive Button Reply Message': 'Cancel',
    };
    for (const [name, body] of Object.entries(examples)) {
      const records = normalizeAll(body);
      if (name in expected) expect(records[0]?.body, name).toBe(expected[name]);
      for (const r of records) expect(r.wamid, name).toMatch(/^wamid\./);
    }
    const ad = normalizeAll(examples['Text Message from Click to WhatsApp Ad'])[0];
    expect(ad?.referral).toMatchObject({ source_type: 'ad', ctwa_clid: expect.any(String) });
    expect(Object.keys(examples).length).toBeGreaterThanOrEqual(13);
  });
});

describe('previewText', () => {
  it('labels media and keeps captions', () => {
    expect(previewText(normalize(fixtureMessage.image()))).toBe('📷 Photo');
    expect(previewText(normalize(fixtureMessage.image({ caption: 'Invoice' })))).toBe('📷 Invoice');
    expect(previewText(normalize(fixtureMessage.video()))).toBe('🎥 Video');
    expect(previewText(normalize(fixtureMessage.audio({ voice: true })))).toBe('🎤 Voice message');
    expect(previewText(normalize(fixtureMessage.audio({ voice: false })))).toBe('🎵 Audio');
    expect(previewText(normalize(fixtureMessage.sticker()))).toBe('💟 Sticker');
    expect(previewText(normalize(fixtureMessage.document({ filename: 'receipt.pdf' })))).toBe(
      '📄 receipt.pdf',
    );
    expect(previewText(normalize(fixtureMessage.location()))).toBe('📍 Location');
    expect(previewText(normalize(fixtureMessage.location({ name: 'Philz' })))).toBe('📍 Philz');
    expect(previewText(normalize(fixtureMessage.contacts(['Ann Lee'])))).toBe('👤 Ann Lee');
    expect(previewText(normalize(fixtureMessage.reaction('w', '👍')))).toBe('Reacted 👍');
    expect(previewText(normalize(fixtureMessage.reaction('w')))).toBe('Removed a reaction');
  });

  it('is one line of at most 200 characters and never splits an emoji', () => {
    expect(previewText({ type: 'text', body: 'line one\n\nline   two\t' })).toBe('line one line two');
    const long = previewText({ type: 'text', body: '😀'.repeat(300) });
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
    expect(long).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(previewText({ type: 'text', body: 'x'.repeat(200) })).toBe('x'.repeat(200));
  });

  it('falls back to the type for empty bodies (outbound templates use their rendered body)', () => {
    expect(previewText({ type: 'template', body: 'Your order shipped' })).toBe('Your order shipped');
    expect(previewText({ type: 'order', body: '' })).toBe('[order]');
  });
});
