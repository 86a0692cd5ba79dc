// The one-line preview of a message (inbound or outbound) shown in the Chats table's last-message column.
// Written by the browser's optimistic mutators and by the server, so both agree on what the row shows.

const PREVIEW_MAX_CHARS = 200;

/** Enough of a stored message (inbound or outbound) to describe it in one line. */
export type PreviewInput = {
  type: string;
  body: string;
  media?: { filename?: string | null; voice?: boolean } | null;
  reaction?: { emoji: string | null } | null;
};

const MEDIA_LABELS: Readonly<Record<string, string>> = {
  image: '📷 Photo',
  video: '🎥 Video',
  sticker: '💟 Sticker',
  document: '📄 Document',
};

/** One line, at most 200 characters, for the conversation list's last-message preview. */
export function previewText(message: PreviewInput): string {
  const body = message.body.replace(/\s+/g, ' ').trim();
  let text: string;
  switch (message.type) {
    case 'image':
    case 'video':
    case 'sticker':
    case 'document': {
      const label = MEDIA_LABELS[message.type] ?? '';
      const detail = message.type === 'document' ? body || message.media?.filename || '' : body;
      text = detail ? `${label.split(' ')[0]} ${detail}` : label;
      break;
    }
    case 'audio':
      text = message.media?.voice ? '🎤 Voice message' : '🎵 Audio';
      break;
    case 'location':
      text = body.startsWith('📍') ? body : `📍 ${body || 'Location'}`;
      break;
    case 'contacts':
      text = `👤 ${body || 'Contact'}`;
      break;
    case 'reaction': {
      const emoji = message.reaction?.emoji ?? (body || null);
      text = emoji ? `Reacted ${emoji}` : 'Removed a reaction';
      break;
    }
    default:
      text = body || `[${message.type}]`;
  }
  return truncate(text, PREVIEW_MAX_CHARS);
}

// Cuts on code points so an emoji is never split into a lone surrogate.
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
