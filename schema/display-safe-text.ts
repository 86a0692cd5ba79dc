// Names and file names come from customers (WhatsApp profile names, document names) and are shown to
// operators. Unicode's bidirectional controls can make "invoice_exe.pdf" read as "invoice_fdp.exe", and
// invisible characters make two different names look the same. They carry no meaning in a name, so
// they are removed where such text enters (webhooks, uploads) and again wherever it is shown.

// Bidi embeddings, overrides and isolates; the zero-width space, word joiner and invisible operators;
// the byte order mark; C0 and C1 controls (line breaks included: a name is one line). Kept: the zero-width
// (non-)joiners, which emoji sequences and Persian or Indic names need, and the LRM/RLM marks of RTL text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const INVISIBLE_OR_BIDI = /[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\u0000-\u001f\u007f-\u009f]/g;

/** `text` without bidirectional controls and invisible characters, safe to show as a name. */
export function displaySafeName(text: string): string {
  return text.replace(INVISIBLE_OR_BIDI, '').trim();
}
