import { describe, expect, it } from 'vitest';
import {
  type InboundMessage,
  isKnownInboundMessage,
  isMessagesChange,
  isTemplateStatusChange,
  parseWebhookBody,
  type WebhookPayload,
  webhookErrorSchema,
} from '../../../server/whatsapp/webhook-payload.ts';
import {
  batchWebhook,
  FIXTURE_PHONE_NUMBER_ID,
  fixtureMessage,
  fixtureStatus,
  messagesWebhook,
  statusesWebhook,
  templateStatusUpdateWebhook,
  webhookEnvelope,
} from '../../support/webhook-fixtures.ts';

function mustParse(body: unknown): WebhookPayload {
  const result = parseWebhookBody(body);
  if (!result.ok) throw new Error(`expected a valid body, got: ${result.error}`);
  return result.payload;
}

function onlyMessage(body: unknown): InboundMessage {
  const change = mustParse(body).entry[0]?.changes[0];
  if (!change || !isMessagesChange(change)) throw new Error('expected a messages change');
  const message = change.value.messages?.[0];
  if (!message) throw new Error('expected a message');
  return message;
}

function errorOf(body: unknown): string {
  const result = parseWebhookBody(body);
  if (result.ok) throw new Error('expected the body to be rejected');
  return result.error;
}

describe('parseWebhookBody: inbound message types', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['text', fixtureMessage.text('Hi there')],
    ['image', fixtureMessage.image({ caption: 'Invoice' })],
    ['video', fixtureMessage.video()],
    ['audio', fixtureMessage.audio({ voice: true })],
    ['document', fixtureMessage.document({ filename: 'a.pdf' })],
    ['sticker', fixtureMessage.sticker({ animated: true })],
    ['location', fixtureMessage.location({ name: 'Philz Coffee', address: '101 Forest Ave' })],
    ['contacts', fixtureMessage.contacts(['Ann Lee', 'Bo Chen'])],
    ['interactive', fixtureMessage.buttonReply('Yes')],
    ['interactive', fixtureMessage.listReply('Express')],
    ['button', fixtureMessage.button('Stop promotions')],
    ['reaction', fixtureMessage.reaction('wamid.target', '👍')],
    ['reaction', fixtureMessage.reaction('wamid.target')],
    ['unsupported', fixtureMessage.unsupported()],
  ];

  it.each(cases)('accepts a %s message and keeps its typed content', (type, message) => {
    const parsed = onlyMessage(messagesWebhook([message]));
    expect(parsed.type).toBe(type);
    expect(isKnownInboundMessage(parsed)).toBe(true);
    expect(parsed).toEqual(message);
  });

  it('keeps unknown extra fields at every level', () => {
    const message: Record<string, unknown> = { ...fixtureMessage.text('Hi'), brand_new_field: { a: 1 } };
    (message.text as Record<string, unknown>).format = 'markdown';
    const body = messagesWebhook([message]) as Record<string, unknown>;
    body.extra_top = true;
    const payload = mustParse(body) as Record<string, unknown>;
    expect(payload.extra_top).toBe(true);
    const parsed = onlyMessage(body) as Record<string, unknown>;
    expect(parsed.brand_new_field).toEqual({ a: 1 });
    expect(parsed.text).toEqual({ body: 'Hi', format: 'markdown' });
  });

  it('keeps a message of an unknown type whole instead of rejecting it', () => {
    const poll = fixtureMessage.ofUnknownType('poll_v9', { options: [{ name: 'Mon' }] });
    const parsed = onlyMessage(messagesWebhook([poll]));
    expect(isKnownInboundMessage(parsed)).toBe(false);
    expect(parsed).toEqual(poll);
  });

  it('accepts context (reply, forwarded) and referral', () => {
    const message = {
      ...fixtureMessage.text('From the ad', { replyTo: 'wamid.quoted', forwarded: true }),
      referral: { source_url: 'https://fb.me/x', source_type: 'ad', ctwa_clid: 'abc', new_thing: 1 },
    };
    const parsed = onlyMessage(messagesWebhook([message]));
    expect(parsed.context).toEqual({ from: expect.any(String), id: 'wamid.quoted', forwarded: true });
    expect(parsed.referral?.ctwa_clid).toBe('abc');
  });

  it('accepts a username user identified only by from_user_id', () => {
    const message: Record<string, unknown> = {
      ...fixtureMessage.text('hi'),
      from_user_id: 'BR.1502576394655843',
    };
    delete message.from;
    expect(onlyMessage(messagesWebhook([message])).from_user_id).toBe('BR.1502576394655843');
  });
});

describe('parseWebhookBody: statuses, template updates, batches', () => {
  it('parses statuses including a failed one with errors', () => {
    const body = statusesWebhook([
      fixtureStatus.sent('wamid.1'),
      fixtureStatus.delivered('wamid.1'),
      fixtureStatus.read('wamid.1'),
      fixtureStatus.played('wamid.1'),
      fixtureStatus.failed('wamid.2', {
        code: 131026,
        title: 'Message undeliverable',
        details: 'not on WhatsApp',
      }),
    ]);
    const change = mustParse(body).entry[0]?.changes[0];
    if (!change || !isMessagesChange(change)) throw new Error('expected a messages change');
    const statuses = change.value.statuses ?? [];
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read', 'played', 'failed']);
    expect(statuses[4]?.errors?.[0]).toMatchObject({
      code: 131026,
      error_data: { details: 'not on WhatsApp' },
    });
    expect(change.value.metadata.phone_number_id).toBe(FIXTURE_PHONE_NUMBER_ID);
  });

  it('parses a template status update with its reason', () => {
    const body = templateStatusUpdateWebhook({
      event: 'REJECTED',
      name: 'order_update',
      reason: 'INVALID_FORMAT',
    });
    const change = mustParse(body).entry[0]?.changes[0];
    if (!change || !isTemplateStatusChange(change)) throw new Error('expected a template status change');
    expect(change.value).toMatchObject({
      event: 'REJECTED',
      message_template_name: 'order_update',
      message_template_language: 'en_US',
      reason: 'INVALID_FORMAT',
    });
  });

  it('keeps changes of fields it does not process', () => {
    const body = webhookEnvelope([{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }]);
    const change = mustParse(body).entry[0]?.changes[0];
    expect(change?.field).toBe('account_update');
    expect(change?.value).toEqual({ event: 'VERIFIED_ACCOUNT' });
  });

  it('keeps every item of a large batch spread over entries and changes', () => {
    const payload = mustParse(batchWebhook({ messages: 1000, statuses: 300, customers: 40, perChange: 64 }));
    expect(payload.entry.length).toBe(2);
    const changes = payload.entry.flatMap((e) => e.changes).filter(isMessagesChange);
    expect(changes.flatMap((c) => c.value.messages ?? [])).toHaveLength(1000);
    expect(changes.flatMap((c) => c.value.statuses ?? [])).toHaveLength(300);
    const senders = new Set(changes.flatMap((c) => (c.value.messages ?? []).map((m) => m.from)));
    expect(senders.size).toBe(40);
  });
});

describe('parseWebhookBody: malformed bodies are rejected with a reason', () => {
  it('rejects non-objects and wrong envelopes', () => {
    expect(errorOf(null)).toMatch(/expected object/);
    expect(errorOf('{"object":"whatsapp_business_account"}')).toMatch(/expected object/);
    expect(errorOf({ object: 'page', entry: [] })).toMatch(/^object: /);
    expect(errorOf({ object: 'whatsapp_business_account' })).toMatch(/^entry: /);
  });

  it('names the path of a missing metadata', () => {
    const body = messagesWebhook([fixtureMessage.text('x')]) as {
      entry: Array<{ changes: Array<{ value: object }> }>;
    };
    const value = body.entry[0]?.changes[0]?.value as Record<string, unknown>;
    delete value.metadata;
    expect(errorOf(body)).toMatch(/^entry\[0\]\.changes\[0\]\.value\.metadata: /);
  });

  it('reports the precise problem inside a known message type', () => {
    const broken = { ...fixtureMessage.text('x'), text: {} };
    expect(errorOf(messagesWebhook([fixtureMessage.text('ok'), broken]))).toMatch(
      /^entry\[0\]\.changes\[0\]\.value\.messages\[1\]\.text\.body: /,
    );
  });

  it('rejects messages without id, without sender, or with a bad timestamp', () => {
    const noId: Record<string, unknown> = fixtureMessage.text('x');
    delete noId.id;
    expect(errorOf(messagesWebhook([noId]))).toMatch(/messages\[0\]\.id/);
    const noSender: Record<string, unknown> = fixtureMessage.text('x');
    delete noSender.from;
    expect(errorOf(messagesWebhook([noSender]))).toMatch(/messages\[0\]\.from: a message needs/);
    expect(errorOf(messagesWebhook([{ ...fixtureMessage.text('x'), timestamp: 'yesterday' }]))).toMatch(
      /messages\[0\]\.timestamp/,
    );
  });

  it('rejects a reaction without its target and a location without coordinates', () => {
    expect(
      errorOf(messagesWebhook([{ ...fixtureMessage.reaction('w'), reaction: { emoji: '👍' } }])),
    ).toMatch(/reaction\.message_id/);
    expect(errorOf(messagesWebhook([{ ...fixtureMessage.location(), location: { name: 'x' } }]))).toMatch(
      /location\.latitude/,
    );
  });

  it('rejects a status without id and a template update without event', () => {
    const status: Record<string, unknown> = fixtureStatus.read('w');
    delete status.id;
    expect(errorOf(statusesWebhook([status]))).toMatch(/statuses\[0\]\.id/);
    const update = templateStatusUpdateWebhook({ event: 'APPROVED', name: 't' }) as {
      entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }>;
    };
    delete update.entry[0]?.changes[0]?.value.event;
    expect(errorOf(update)).toMatch(/value\.event/);
  });
});

describe('webhookErrorSchema', () => {
  it('takes Meta’s error codes and refuses one too large for the integer column it is stored in', () => {
    expect(webhookErrorSchema.safeParse({ code: 131000, title: 'x' }).success).toBe(true);
    // Found by the hostile-bodies property test: 2^53 − 1 failed the whole batch's insert.
    expect(webhookErrorSchema.safeParse({ code: 9007199254740991 }).success).toBe(false);
  });
});
