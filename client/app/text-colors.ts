// Text colours that keep WCAG AA contrast in both colour schemes, by what they are for. The values are
// decided once, as CSS variables, in client/app/theme.ts (cssVariablesResolver).
export const MUTED = 'var(--mantine-color-dimmed)';
export const AUTHOR_CUSTOMER = 'var(--cdesk-author-customer)';
export const AUTHOR_OPERATOR = 'var(--cdesk-author-operator)';
export const NOTE_LABEL = 'var(--cdesk-note-label)';
/** Confirmations and good news ("Saved", an empty queue). */
export const SUCCESS = 'var(--cdesk-success)';
