// Meta's message template as returned by GET /{waba-id}/message_templates. Loose: Meta adds component
// kinds and fields over time, and a template we cannot fully understand should still sync and show.
// No Node imports: the template form in the browser uses these types too.
import { z } from 'zod';

export const metaTemplateButtonSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  url: z.string().optional(),
  phone_number: z.string().optional(),
  example: z.array(z.string()).optional(),
});

const namedExampleSchema = z.looseObject({ param_name: z.string(), example: z.string() });

export const metaTemplateComponentSchema = z.looseObject({
  /** HEADER | BODY | FOOTER | BUTTONS (Meta writes them in upper case). */
  type: z.string(),
  /** HEADER only: TEXT | IMAGE | VIDEO | DOCUMENT | LOCATION. */
  format: z.string().optional(),
  text: z.string().optional(),
  example: z
    .looseObject({
      header_text: z.array(z.string()).optional(),
      header_text_named_params: z.array(namedExampleSchema).optional(),
      header_handle: z.array(z.string()).optional(),
      body_text: z.array(z.array(z.string())).optional(),
      body_text_named_params: z.array(namedExampleSchema).optional(),
    })
    .optional(),
  buttons: z.array(metaTemplateButtonSchema).optional(),
});

export const metaTemplateSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  status: z.string(),
  category: z.string().optional(),
  /** POSITIONAL ({{1}}) or NAMED ({{first_name}}); absent on older templates (positional). */
  parameter_format: z.string().optional(),
  components: z.array(metaTemplateComponentSchema).default([]),
});

export type MetaTemplateButton = z.infer<typeof metaTemplateButtonSchema>;
export type MetaTemplateComponent = z.infer<typeof metaTemplateComponentSchema>;
export type MetaTemplate = z.infer<typeof metaTemplateSchema>;
