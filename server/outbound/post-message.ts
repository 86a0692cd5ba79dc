import { buildTemplateComponents, templateValuesFor } from '../../schema/whatsapp/render-template.ts';
import type { GraphClient, SendMediaKind, SentMessage } from '../whatsapp/graph-client.ts';
import { PermanentSendError } from './failure-decision.ts';
import { type StoredTemplate, type StoredTemplateParams, templateInput } from './send-template.ts';

export const MEDIA_KINDS: ReadonlySet<string> = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/** A stored outbound message, as much of it as the Graph call needs. */
export type MessageToPost = {
  /** The customer's wa_id. */
  to: string;
  type: string;
  body: string;
  replyToWamid: string | null;
  templateParams: StoredTemplateParams | null;
  filename?: string | null;
};

/**
 * The one Graph call for a stored message: text (link previews on when it has a link), template (the
 * components rebuilt from the stored values; an uploaded header file by its media id) or media by id.
 */
export async function postMessage(
  client: GraphClient,
  message: MessageToPost,
  template: StoredTemplate | null,
  mediaId: string | null,
  headerMediaId: string | null,
): Promise<SentMessage> {
  const { to } = message;
  const context = message.replyToWamid ?? undefined;
  if (message.type === 'text') {
    return client.sendText(to, message.body, {
      ...(context ? { replyToWamid: context } : {}),
      previewUrl: /https?:\/\//i.test(message.body),
    });
  }
  if (message.type === 'template' && template) {
    const params = message.templateParams;
    const headerMedia = params?.headerMedia;
    const body = params?.body ?? [];
    const input = templateInput(template);
    const components = buildTemplateComponents(input, {
      ...templateValuesFor(input, body, params?.header, params?.buttons),
      ...(headerMedia
        ? { headerMedia: 'attachmentId' in headerMedia ? { id: headerMediaId ?? '' } : headerMedia }
        : {}),
    });
    return client.sendTemplate(to, { name: template.name, language: template.language, components }, context);
  }
  if (MEDIA_KINDS.has(message.type) && mediaId) {
    return client.sendMedia(
      to,
      message.type as SendMediaKind,
      {
        mediaId,
        ...(message.body ? { caption: message.body } : {}),
        ...(message.filename ? { filename: message.filename } : {}),
      },
      context,
    );
  }
  throw new PermanentSendError(`Messages of type ${message.type} cannot be sent.`);
}
