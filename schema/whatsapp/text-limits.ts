// Meta's limits on message text (Cloud API reference: text.body 4,096 characters, media captions
// 1,024). Outbound sends are refused beyond them; inbound text beyond them (no real WhatsApp client
// sends it) is cut to them, so a signed but oversized webhook cannot push megabytes to every browser.

/** A text message's body. */
export const TEXT_MAX_CHARS = 4096;
/** A media caption. */
export const CAPTION_MAX_CHARS = 1024;
/** A document's file name as shown and stored. */
export const FILENAME_MAX_CHARS = 240;
/** One template variable's value. */
export const TEMPLATE_PARAM_MAX_CHARS = 1024;
/** A customer's WhatsApp profile name. */
export const PROFILE_NAME_MAX_CHARS = 200;

/** `text` cut to at most `max` characters (code points never split), with an ellipsis when cut. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text.slice(0, max));
  // The slice may end inside a surrogate pair: Array.from keeps it as a lone half; drop it.
  const last = chars.at(-1) ?? '';
  if (last.length === 1 && last >= '\ud800' && last <= '\udfff') chars.pop();
  return `${chars.join('').slice(0, max - 1)}…`;
}
