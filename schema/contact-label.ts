import { displaySafeName } from './display-safe-text.ts';

/**
 * How a customer is named to operators wherever a contact (not a conversation row) is shown: their
 * WhatsApp profile name made safe to display, else their phone number, else their username (2026:
 * customers may hide their number behind a username).
 */
export function contactLabel(c: { profileName: string; phone: string; username?: string | null }): string {
  return displaySafeName(c.profileName) || c.phone || c.username || '';
}

/** How a conversation's customer is named (the row keeps their name and phone as received). */
export function participantLabel(c: { participantName: string; participantPhone: string }): string {
  return displaySafeName(c.participantName) || c.participantPhone;
}
