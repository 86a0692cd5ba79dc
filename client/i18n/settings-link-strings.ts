// Strings of the ways into Global Settings from the Chats screen (the header's button, the module-off
// notice, the channel health banner): apart from settings-strings.ts, so the Chats route's first paint
// does not carry the strings of every Settings screen. One object per language later.
export const settingsLinkStrings = {
  open: 'Global Settings',
  openSettings: 'Open Global Settings',
  healthBanner: (numbers: string) =>
    `WhatsApp is not working for ${numbers}: replies cannot be delivered. Fix the link in Global Settings.`,
  healthBannerAction: 'Open Global Settings',
} as const;
