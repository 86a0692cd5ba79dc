// zod schemas for the Graph API answers the client reads. Loose (Meta adds fields) but strict on what
// we use: a send without a wamid is not a success we can track.
import { z } from 'zod';
import { metaTemplateSchema } from '../../schema/whatsapp/template-schema.ts';

/** POST /{phone-number-id}/messages: accepted, not yet delivered. */
export const sendMessageResponseSchema = z.looseObject({
  messaging_product: z.string().optional(),
  contacts: z.array(z.looseObject({ input: z.string().optional(), wa_id: z.string().optional() })).optional(),
  messages: z.array(z.looseObject({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});

/** POST /{phone-number-id}/messages with `status: read`. */
export const markReadResponseSchema = z.looseObject({ success: z.boolean() });

/** POST /{phone-number-id}/thread_control: Meta answers with the product (and request ids) only. */
export const threadControlResponseSchema = z.looseObject({ messaging_product: z.string().optional() });

/** POST /{phone-number-id}/media. */
export const uploadMediaResponseSchema = z.looseObject({ id: z.string().min(1) });

/** GET /{media-id}: the url is valid for 5 minutes. Meta's spec documents file_size as a string. */
export const mediaUrlResponseSchema = z.looseObject({
  url: z.string().min(1),
  mime_type: z.string(),
  sha256: z.string(),
  file_size: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
  id: z.string(),
  messaging_product: z.string().optional(),
});

/** GET /{waba-id}/message_templates, one page. */
export const templatesPageSchema = z.looseObject({
  data: z.array(metaTemplateSchema),
  paging: z
    .looseObject({
      cursors: z.looseObject({ before: z.string().optional(), after: z.string().optional() }).optional(),
      next: z.string().optional(),
      previous: z.string().optional(),
    })
    .optional(),
});

/** GET /{phone-number-id}: what "Test connection" shows. */
export const phoneNumberResponseSchema = z.looseObject({
  id: z.string(),
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
  code_verification_status: z.string().optional(),
  name_status: z.string().optional(),
  platform_type: z.string().optional(),
  throughput: z.looseObject({ level: z.string().optional() }).optional(),
});

export type SendMessageResponse = z.output<typeof sendMessageResponseSchema>;
export type MediaUrlResponse = z.output<typeof mediaUrlResponseSchema>;
export type TemplatesPage = z.output<typeof templatesPageSchema>;
export type PhoneNumberInfo = z.output<typeof phoneNumberResponseSchema>;
