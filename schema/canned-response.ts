// Canned responses: the shortcut rule and the variables an answer may contain, shared by the composer
// (which fills them in), the mutators (which check what is saved) and the database's CHECKs (same limits).
import { TEXT_MAX_CHARS } from './whatsapp/text-limits.ts';
import { z } from './zod.ts';

/** What follows "/" in the composer: lower-case letters, digits, "-" and "_". */
export const CannedShortcut = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'A shortcut is 1–32 letters, digits, "-" or "_", without spaces.'),
  );

export const CannedResponseFields = z.object({
  shortcut: CannedShortcut,
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
  body: z.string().check(z.trim(), z.minLength(1), z.maxLength(TEXT_MAX_CHARS)),
});

export const CANNED_VARIABLES = [
  'customer.name',
  'customer.phone',
  'operator.name',
  'business.number',
] as const;
export type CannedVariable = (typeof CANNED_VARIABLES)[number];
export type CannedValues = Partial<Record<CannedVariable, string | null | undefined>>;

const VARIABLE = /\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/g;

/**
 * The answer with its variables filled in. A variable without a value (a customer who shares no name)
 * disappears with the space before it, so "Hello {{customer.name}}," reads "Hello,"; unknown names stay
 * as typed, so a typo shows instead of vanishing.
 */
export function renderCannedResponse(body: string, values: CannedValues): string {
  return body.replace(new RegExp(`( ?)${VARIABLE.source}`, 'g'), (whole, space: string, name: string) => {
    if (!(CANNED_VARIABLES as readonly string[]).includes(name)) return whole;
    const value = values[name as CannedVariable]?.trim();
    return value ? `${space}${value}` : '';
  });
}

/** The responses whose shortcut or title contains what was typed after "/", shortcut matches first. */
export function matchCannedResponses<R extends { shortcut: string; title: string }>(
  responses: readonly R[],
  typed: string,
): R[] {
  const q = typed.toLowerCase();
  const byShortcut = responses.filter((r) => r.shortcut.startsWith(q));
  const byTitle = responses.filter((r) => !r.shortcut.startsWith(q) && r.title.toLowerCase().includes(q));
  return [...byShortcut, ...byTitle];
}
