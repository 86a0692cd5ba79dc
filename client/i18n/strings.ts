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
    logoutEverywhere: 'Sign out everywhere',
    logoutEverywhereHint: 'Every browser and device where you are signed in',
    queuedTitle: 'Replies not sent yet',
    queued: (n: number) =>
      `${n === 1 ? 'One reply has' : `${n} replies have`} not reached the server yet (no connection). Signing out deletes ${n === 1 ? 'it' : 'them'} from this browser with the rest of the local data.`,
    keepWorking: 'Stay signed in',
    signOutAnyway: 'Sign out and delete them',
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
