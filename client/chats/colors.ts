// Secondary text and links that keep WCAG AA contrast (4.5:1) in both colour schemes; Mantine's
// "dimmed" and default anchor colours fall just short on small text.
export const MUTED = 'light-dark(var(--mantine-color-gray-7), var(--mantine-color-dark-1))';
export const LINK = 'light-dark(var(--mantine-color-cdeskBlue-8), var(--mantine-color-cdeskBlue-2))';
