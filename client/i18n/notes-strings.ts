// Strings of internal notes: the composer's note mode, the note in the thread, and mention alerts.
export const notesStrings = {
  modeLabel: 'What you write',
  reply: 'Reply',
  note: 'Internal note',
  placeholder:
    'Write a note for your colleagues… @name alerts them (Enter to save, Shift+Enter for a new line)',
  save: 'Save note',
  hint: 'Only your team sees notes; the customer never does.',
  label: (author: string) => `Internal note · ${author}`,
  suggestions: 'Colleagues to mention',
  mentionedYou: (author: string) => `${author} mentioned you`,
  failed: 'The note could not be saved',
};
