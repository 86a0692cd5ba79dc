// Meta has paused marketing templates to United States numbers since 1 April 2025: they fail with
// 131049 (per BSPs relaying Meta, ../shared/docs/whatsapp-2026.md §3). The template picker warns first.

/** A warning before sending a template of `category` to `phone` (+E.164 as shown), or null. */
export function marketingTemplateWarning(category: string, phone: string): string | null {
  if (category.toUpperCase() !== 'MARKETING') return null;
  if (!/^\+1\d{10}$/.test(phone.replace(/[\s()-]/g, ''))) return null;
  return 'Meta does not deliver marketing templates to US (+1) numbers: this send will most likely fail (131049). Prefer a utility template or wait for the customer to write.';
}
