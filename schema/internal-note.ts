// An internal note is a message row of this type (direction 'out'), never sent to the customer. Whatever
// asks "did we answer the customer?" must not count it: that question is `isReply`.

export const NOTE_TYPE = 'note';

export const isNote = (m: { type: string }): boolean => m.type === NOTE_TYPE;

/** A message that went (or is going) to the customer from our side. */
export const isReply = (m: { direction: string; type: string }): boolean =>
  m.direction === 'out' && !isNote(m);
