/** Serialises like Meta: every non-ASCII character escaped as \uXXXX (what the signature covers). */
export function serializeLikeMeta(payload: unknown): string {
  return JSON.stringify(payload).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
