import { describe, expect, it } from 'vitest';
import { contactLabel, participantLabel } from '../../schema/contact-label.ts';

// Issue 14.7: customers' names and file names are shown without bidirectional controls or invisible
// characters, wherever an operator reads them (the table, tabs, the summary panel, requests, the profile).
const RLO = '\u202e';
const ZWSP = '\u200b';

describe('names shown to operators', () => {
  it("a conversation's customer: the name without bidi or invisible characters, else the phone", () => {
    expect(participantLabel({ participantName: `Ann${RLO}exe.pdf`, participantPhone: '+420 777' })).toBe(
      'Annexe.pdf',
    );
    expect(participantLabel({ participantName: `${ZWSP} ${RLO}`, participantPhone: '+420 777' })).toBe(
      '+420 777',
    );
    expect(participantLabel({ participantName: 'Jan Novák', participantPhone: '+420 777' })).toBe(
      'Jan Novák',
    );
  });

  it('a contact: the safe profile name, else the phone, else the username', () => {
    expect(contactLabel({ profileName: `Eve${ZWSP}`, phone: '+1 555', username: '@eve' })).toBe('Eve');
    expect(contactLabel({ profileName: RLO, phone: '', username: '@eve' })).toBe('@eve');
  });
});
