// The customer's side of the simulator: what a person does on their phone (write, send a photo, share
// a location, react, reply, tap a button, read), turned into Meta-shaped webhooks for the product.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CAPTION_MAX_CHARS, FILENAME_MAX_CHARS, TEXT_MAX_CHARS } from '../../schema/whatsapp/text-limits.ts';
import type { ChannelConfig } from '../channels/channel-config.ts';
import { scheduleReadStatuses } from './business-send.ts';
import { pickDelay } from './simulator-config.ts';
import type { SimulatorEngine } from './simulator-engine.ts';
import {
  findCustomer,
  findMedia,
  findSimMessage,
  insertMedia,
  insertSimMessage,
  newMediaId,
  newWamid,
  type SimMessage,
  unreadBusinessMessages,
  upsertCustomer,
} from './simulator-store.ts';

const MB = 1024 * 1024;
const wamid = z.string().min(1).max(200);

const mediaFields = {
  dataBase64: z
    .string()
    .min(1)
    .max(Math.ceil((16 * MB * 4) / 3) + 4),
  mimeType: z.string().min(1).max(100),
  caption: z.string().max(CAPTION_MAX_CHARS).optional(),
  filename: z.string().max(FILENAME_MAX_CHARS).optional(),
  replyTo: wamid.optional(),
};

export const CustomerSend = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    text: z.string().min(1).max(TEXT_MAX_CHARS),
    replyTo: wamid.optional(),
    forwarded: z.boolean().optional(),
  }),
  z.object({ type: z.literal('image'), ...mediaFields }),
  z.object({ type: z.literal('document'), ...mediaFields }),
  z.object({ type: z.literal('audio'), ...mediaFields, voice: z.boolean().optional() }),
  z.object({ type: z.literal('video'), ...mediaFields }),
  z.object({ type: z.literal('sticker'), ...mediaFields }),
  z.object({
    type: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().max(200).optional(),
    address: z.string().max(400).optional(),
  }),
  z.object({ type: z.literal('reaction'), targetWamid: wamid, emoji: z.string().max(16) }),
  z.object({
    type: z.literal('contacts'),
    contacts: z
      .array(z.object({ name: z.string().min(1).max(200), phone: z.string().min(3).max(40) }))
      .min(1)
      .max(10),
  }),
  z.object({
    type: z.literal('button'),
    text: z.string().min(1).max(200),
    payload: z.string().max(200).optional(),
    replyTo: wamid,
  }),
  z.object({
    type: z.literal('interactive'),
    id: z.string().min(1).max(200),
    title: z.string().min(1).max(200),
    replyTo: wamid,
  }),
  z.object({ type: z.literal('unsupported') }),
]);
export type CustomerSendInput = z.infer<typeof CustomerSend>;

export type CustomerActionResult =
  | { ok: true; message: SimMessage }
  | { ok: false; status: 400 | 404; error: string };

const MEDIA_TYPES: Readonly<Record<string, readonly string[]>> = {
  image: ['image/jpeg', 'image/png'],
  video: ['video/mp4', 'video/3gpp'],
  audio: ['audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr'],
  sticker: ['image/webp'],
  document: [],
};
const MEDIA_MAX: Readonly<Record<string, number>> = {
  image: 5 * MB,
  video: 16 * MB,
  audio: 16 * MB,
  sticker: 500 * 1024,
  document: 16 * MB,
};

const digits = (s: string) => s.replace(/\D/g, '');

/** The context of a reply: who wrote the quoted message (the business's number or the customer's). */
async function replyContext(
  engine: SimulatorEngine,
  channel: ChannelConfig,
  waId: string,
  replyTo: string | undefined,
) {
  if (!replyTo) return undefined;
  const quoted = await findSimMessage(engine.deps.pool, replyTo);
  if (!quoted || quoted.waId !== waId) return null;
  return {
    from: quoted.direction === 'to_customer' ? digits(channel.displayPhoneNumber) : waId,
    id: replyTo,
  };
}

/** A customer sends something to the business number: stored on the phone, then a webhook. */
export async function customerSend(
  engine: SimulatorEngine,
  channel: ChannelConfig,
  waId: string,
  input: CustomerSendInput,
): Promise<CustomerActionResult> {
  const pool = engine.deps.pool;
  const customer = await findCustomer(pool, waId);
  if (!customer) return { ok: false, status: 404, error: 'No such customer.' };
  const id = newWamid();
  const message: Record<string, unknown> = {
    from: waId,
    id,
    timestamp: String(Math.floor(Date.now() / 1000)),
    type: input.type,
  };

  switch (input.type) {
    case 'text': {
      const context = await replyContext(engine, channel, waId, input.replyTo);
      if (context === null)
        return { ok: false, status: 400, error: 'The quoted message is not in this chat.' };
      message.text = { body: input.text };
      if (context) message.context = context;
      else if (input.forwarded) message.context = { forwarded: true };
      break;
    }
    case 'image':
    case 'document':
    case 'audio':
    case 'video':
    case 'sticker': {
      const mime = input.mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
      const allowed = MEDIA_TYPES[input.type] ?? [];
      if (allowed.length > 0 && !allowed.includes(mime))
        return { ok: false, status: 400, error: `A ${input.type} must be ${allowed.join(', ')}.` };
      const bytes = Buffer.from(input.dataBase64, 'base64');
      if (bytes.byteLength === 0 || bytes.byteLength > (MEDIA_MAX[input.type] ?? 0))
        return { ok: false, status: 400, error: `The ${input.type} is empty or too large.` };
      const context = await replyContext(engine, channel, waId, input.replyTo);
      if (context === null)
        return { ok: false, status: 400, error: 'The quoted message is not in this chat.' };
      const digest = createHash('sha256').update(bytes).digest();
      const mediaId = newMediaId();
      await insertMedia(pool, {
        id: mediaId,
        phoneNumberId: channel.phoneNumberId,
        mimeType: input.mimeType,
        sha256: digest.toString('hex'),
        sizeBytes: bytes.byteLength,
        filename: input.filename ?? null,
        bytes,
      });
      // Webhooks carry the sha256 in base64; the Graph API's media endpoint in hex.
      const media: Record<string, unknown> = {
        mime_type: input.mimeType,
        sha256: digest.toString('base64'),
        id: mediaId,
      };
      if (input.caption && input.type !== 'audio' && input.type !== 'sticker') media.caption = input.caption;
      if (input.type === 'document') media.filename = input.filename ?? 'document';
      if (input.type === 'audio') media.voice = input.voice ?? false;
      if (input.type === 'sticker') media.animated = false;
      message[input.type] = media;
      if (context) message.context = context;
      break;
    }
    case 'location': {
      const location: Record<string, unknown> = { latitude: input.latitude, longitude: input.longitude };
      if (input.name) location.name = input.name;
      if (input.address) location.address = input.address;
      message.location = location;
      break;
    }
    case 'reaction': {
      const target = await findSimMessage(pool, input.targetWamid);
      if (!target || target.waId !== waId)
        return { ok: false, status: 400, error: 'The message reacted to is not in this chat.' };
      message.reaction = input.emoji
        ? { message_id: input.targetWamid, emoji: input.emoji }
        : { message_id: input.targetWamid };
      break;
    }
    case 'contacts':
      message.contacts = input.contacts.map((c) => ({
        name: { formatted_name: c.name, first_name: c.name.split(' ')[0] },
        phones: [{ phone: c.phone, wa_id: digits(c.phone), type: 'MOBILE' }],
      }));
      break;
    case 'button': {
      const context = await replyContext(engine, channel, waId, input.replyTo);
      if (!context) return { ok: false, status: 400, error: 'A button tap answers a message of this chat.' };
      message.button = { payload: input.payload ?? input.text, text: input.text };
      message.context = context;
      break;
    }
    case 'interactive': {
      const context = await replyContext(engine, channel, waId, input.replyTo);
      if (!context) return { ok: false, status: 400, error: 'A button tap answers a message of this chat.' };
      message.interactive = { type: 'button_reply', button_reply: { id: input.id, title: input.title } };
      message.context = context;
      break;
    }
    case 'unsupported':
      message.errors = [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: 'Message type is currently not supported.' },
        },
      ];
      message.unsupported = { type: 'poll_creation' };
      break;
  }

  const stored = await insertSimMessage(pool, {
    wamid: id,
    phoneNumberId: channel.phoneNumberId,
    waId,
    direction: 'to_business',
    type: input.type,
    content: message,
    status: 'sent',
  });
  engine.dispatcher.schedule(
    {
      kind: 'message',
      phoneNumberId: channel.phoneNumberId,
      contact: { profile: { name: customer.profileName }, wa_id: waId },
      message,
    },
    pickDelay(engine.config.inboundDelayMs, engine.random),
  );
  return { ok: true, message: stored };
}

/** The customer opens the chat: every business message not read yet gets a `read` webhook. */
export async function customerReads(
  engine: SimulatorEngine,
  channel: ChannelConfig,
  waId: string,
): Promise<number> {
  const unread = await unreadBusinessMessages(engine.deps.pool, waId, channel.phoneNumberId);
  scheduleReadStatuses(
    engine,
    channel.phoneNumberId,
    waId,
    unread.map((m) => m.wamid),
  );
  return unread.length;
}

export async function createCustomer(
  engine: SimulatorEngine,
  input: { waId?: string | undefined; name: string },
) {
  const waId = input.waId
    ? digits(input.waId)
    : `4207${String(Math.floor(engine.random() * 1e8)).padStart(8, '0')}`;
  return upsertCustomer(engine.deps.pool, waId, input.name.trim());
}

export { findMedia };
