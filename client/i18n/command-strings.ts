// Strings of the registered commands (client/commands/): their labels, the keyboard-shortcut help, the
// thread header's lifecycle and assignee controls, the thread's system events and the table's bulk bar.
export const commandStrings = {
  actions: {
    resolve: 'Resolve',
    reopen: 'Reopen',
    snooze: 'Snooze…',
    snoozeHour: 'Snooze for 1 hour',
    snoozeTomorrow: 'Snooze until tomorrow 9:00',
    snoozeNextWeek: 'Snooze until next Monday 9:00',
    snoozeUntilReply: 'Snooze until the customer replies',
    assignMe: 'Assign to me',
    assignOther: 'Assign to…',
    assignTo: 'Assign to',
    unassign: 'Unassign',
    nextUnread: 'Next unread conversation',
    focusSearch: 'Search conversations',
    cannedReply: 'Insert a canned response',
    takeOver: 'Take over',
    handBack: 'Hand back to Meta Business Agent',
    merge: 'Merge…',
    mergeInto: 'Merge into this conversation',
    help: 'Keyboard shortcuts',
  },
  groups: {
    conversation: 'Conversation',
    navigation: 'Navigation',
    help: 'Help',
  },
  help: {
    title: 'Keyboard shortcuts',
    intro:
      'Shortcuts work anywhere except while typing in a field. They act on the open conversation, or on the rows selected in the Chats table.',
    action: 'Action',
    keys: 'Keys',
    none: 'No shortcut',
  },
  state: {
    open: 'Open',
    snoozed: 'Snoozed',
    snoozedUntil: (when: string) => `Snoozed until ${when}`,
    snoozedUntilReply: 'Snoozed until the customer replies',
    resolved: 'Resolved',
  },
  assignee: {
    label: 'Assignee',
    nobody: 'Unassigned',
    current: (name: string) => `Assigned to ${name}`,
    button: (name: string | null) => (name ? `Assignee: ${name}` : 'Assignee: unassigned'),
    pickTitle: 'Assign to a colleague',
    noneAvailable: 'No other colleague can take this business number.',
    me: (name: string) => `${name} (me)`,
  },
  events: {
    assigned: (actor: string | null, to: string) =>
      actor ? `${actor} assigned the conversation to ${to}` : `Assigned automatically to ${to}`,
    selfAssigned: (name: string) => `${name} took the conversation`,
    unassigned: (actor: string | null) => `${actor ?? 'CDESK'} unassigned the conversation`,
    resolved: (actor: string | null) => `${actor ?? 'CDESK'} resolved the conversation`,
    reopenedByCustomer: 'Reopened: the customer wrote',
    reopenedBySnooze: 'Reopened: the snooze ended',
    reopened: (actor: string | null) => `${actor ?? 'CDESK'} reopened the conversation`,
    snoozed: (actor: string | null, until: string | null) =>
      until
        ? `${actor ?? 'CDESK'} snoozed the conversation until ${until}`
        : `${actor ?? 'CDESK'} snoozed the conversation until the customer replies`,
    takenOver: (actor: string | null) => `${actor ?? 'CDESK'} took over from Meta Business Agent`,
    handedBack: (actor: string | null) =>
      `${actor ?? 'CDESK'} handed the conversation back to Meta Business Agent`,
    controlPassed: 'Meta Business Agent passed the conversation to your team',
    controlTaken: (toAgent: boolean) =>
      toAgent ? 'Meta Business Agent took the conversation' : 'Another app took the conversation',
    controlFailed: (take: boolean, reason: string) =>
      `Meta refused the ${take ? 'take-over' : 'hand-back'}: ${reason}`,
    merged: (actor: string | null, label: string) =>
      `${actor ?? 'CDESK'} merged ${label} into this conversation`,
  },
  merge: {
    title: (label: string) => `Merge another conversation into ${label}`,
    intro:
      'When one person wrote from two numbers or usernames, merge their other conversation into this one. Only conversations with the same business number can be merged.',
    search: 'Find the other conversation',
    searchPlaceholder: 'Name, phone, @username or number',
    candidates: 'Conversations with this business number',
    none: 'No other conversation matches.',
    confirm: (source: string, target: string) =>
      `${source} disappears: its messages, notes, requests and history move into ${target}, and the customer's messages from either number or username arrive here from now on. This cannot be undone.`,
    submit: 'Merge',
    cancel: 'Cancel',
    close: 'Close without merging',
  },
  bulk: {
    label: 'Selected conversations',
    selected: (n: number) => `${n} selected`,
    selectRow: (who: string) => `Select the conversation with ${who}`,
    selectAll: 'Select all loaded conversations',
    clear: 'Clear selection',
    tooMany: (max: number) => `At most ${max} conversations at once`,
  },
  views: {
    owner: 'Whose conversations',
    all: 'All',
    mine: 'Mine',
    unassigned: 'Unassigned',
    state: 'Conversation state',
    active: 'Active',
    resolved: 'Resolved',
    anyState: 'Any state',
  },
  errors: {
    failed: 'The change was refused:',
    dismiss: 'Dismiss',
  },
} as const;
