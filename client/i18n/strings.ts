import { chatsStrings } from './chats-strings.ts';

// Every user-facing string lives here, ready for translation (one object per language later).
export const t = {
  app: {
    name: 'CDESK Chats',
    demoBadge: 'Demo workspace',
    loadFailed: 'This part of CDESK could not be loaded',
    loadFailedHint: 'The connection may be down, or a new version was installed. Reload to continue.',
    reload: 'Reload',
  },
  auth: {
    title: 'Sign in to CDESK',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    logout: 'Sign out',
    failed: 'Sign-in failed',
  },
  tabs: {
    chatsHome: 'Chats',
    chatsList: 'Chats',
    operators: 'Operators',
    settings: 'Settings',
    closeTab: 'Close tab',
    unread: 'Unread messages',
  },
  connection: {
    offline:
      'You are offline. You can keep reading; replies are queued and sent when the connection returns.',
    connecting: 'Connecting…',
  },
  module: {
    disabled:
      'The Chats module is switched off. An administrator can switch it on in Global Settings > Omnichannel > Chats.',
    notLicensed: 'Your licence does not include the Chats module.',
  },
  chats: chatsStrings,
} as const;
