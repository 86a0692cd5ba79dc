// Strings of the customer profile (the conversation's right pane when no request is open).
export const customerStrings = {
  heading: 'Customer',
  loading: 'Loading the customer…',
  phone: 'Phone',
  username: 'WhatsApp username',
  wroteTo: 'Wrote to',
  email: 'E-mail',
  company: 'Company',
  notes: 'Notes',
  notesPlaceholder: 'Anything colleagues should know about this customer',
  save: 'Save',
  saved: 'Saved',
  conversations: (n: number) => `Conversations (${n})`,
  thisOne: 'this one',
  requests: (n: number) => `Requests (${n})`,
  noRequests: 'No requests for this customer yet.',
  states: { open: 'Open', pending: 'Pending', resolved: 'Resolved', closed: 'Closed' } as Record<
    string,
    string
  >,
} as const;
