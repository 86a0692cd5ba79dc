// Strings of new-message alerts (tab title, toasts, desktop notifications, the alert preferences).
export const alertsStrings = {
  menuLabel: 'Alerts',
  loading: 'Loading…',
  heading: 'New customer messages',
  titleCountHint: 'The tab title and its icon always count the conversations with unread messages.',
  sound: 'Play a sound',
  desktop: 'Desktop notifications',
  desktopBlocked:
    'Notifications are blocked for this site. Allow them in the browser’s site settings, then switch this on again.',
  desktopUnsupported: 'This browser cannot show desktop notifications.',
  toastLabel: 'New message',
  open: 'Open',
  dismiss: 'Dismiss',
  titleWithCount: (count: number, title: string) => `(${count > 99 ? '99+' : count}) ${title}`,
  noText: 'New message',
} as const;
