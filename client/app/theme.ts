import { type CSSVariablesResolver, createTheme, Loader } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'cdeskBlue',
  colors: {
    cdeskBlue: [
      '#e7f1ff',
      '#cfe0ff',
      '#9dbefd',
      '#689afb',
      '#3f7cf9',
      '#2669f9',
      '#155ffa',
      '#044fdf',
      '#0046c8',
      '#003cb1',
    ],
    // The dark-blue "Chats" home tab of the product description.
    cdeskNavy: [
      '#eef2fb',
      '#d9e0f0',
      '#afbee2',
      '#839bd4',
      '#5e7dc8',
      '#466ac1',
      '#3960bf',
      '#2b50a9',
      '#234698',
      '#143a80',
    ],
  },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  defaultRadius: 'sm',
  components: {
    // Every spinner is a live status: its aria-label ("Loading older messages…") is read out, and a label is
    // not allowed on a plain span (axe's aria-prohibited-attr, seen when the thread was loading older
    // messages during an accessibility check).
    Loader: Loader.extend({ defaultProps: { role: 'status' } }),
  },
});

/**
 * Every text colour that must keep WCAG AA contrast (4.5:1) on small text, in both schemes: the one place
 * they are decided. Mantine's own dimmed grey (gray.6 on white, dark.2 on dark.7: about 3.3:1 and 4:1) is
 * replaced, so `c="dimmed"` passes too; axe found dozens of failures on the conversation page before.
 * Components name them through client/app/text-colors.ts; CSS files use the variables directly.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--cdesk-link': 'var(--mantine-color-cdeskBlue-8)',
    // Small bold labels on the thread's tints: authors on bubbles, the note's label and time on its yellow.
    '--cdesk-author-customer': 'var(--mantine-color-teal-9)',
    '--cdesk-author-operator': 'var(--mantine-color-cdeskBlue-8)',
    '--cdesk-note-label': '#7a4a00',
    '--cdesk-success': 'var(--mantine-color-teal-9)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--cdesk-link': 'var(--mantine-color-cdeskBlue-2)',
    '--cdesk-author-customer': 'var(--mantine-color-teal-4)',
    '--cdesk-author-operator': 'var(--mantine-color-cdeskBlue-2)',
    '--cdesk-note-label': 'var(--mantine-color-yellow-4)',
    '--cdesk-success': 'var(--mantine-color-teal-4)',
  },
});
