// Meta has paused marketing templates to United States numbers since 1 April 2025: they fail with
// 131049 (per BSPs relaying Meta, ../shared/docs/whatsapp-2026.md §3 and §15). The template picker warns
// before such a send (client/i18n: templates.marketingToUs). +1 is the whole North American numbering
// plan: Canadian and Caribbean numbers get the warning too, the safe side for a send that may fail.

/** Whether a template of `category` to `phone` (+E.164, spaces and brackets allowed) hits the US pause. */
export function isMarketingToUsNumber(category: string, phone: string): boolean {
  return category.toUpperCase() === 'MARKETING' && /^\+1\d{10}$/.test(phone.replace(/[\s()-]/g, ''));
}
