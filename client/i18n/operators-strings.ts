// The Operators table's strings: loaded with the table, not with the Chats route's first paint.
export const operatorsStrings = {
  tableLabel: 'Operators',
  columns: {
    name: 'Name',
    id: 'ID',
    email: 'Email',
    role: 'Role and permissions',
    presence: 'Login status',
    lastSeen: 'Last seen',
  },
  columnHelp: {
    name: 'The operator’s name',
    id: 'The operator’s account ID',
    email: 'Sign-in email',
    role: 'Role, template permission and the business numbers they may see',
    presence: 'Online, away or offline, live',
    lastSeen: 'When the operator was last active',
  },
  roles: { admin: 'Administrator', operator: 'Operator', readonly: 'Read-only' },
  presence: { online: 'Online', away: 'Away', offline: 'Offline' },
  templates: 'May send templates',
  allChannels: 'All business numbers',
  someChannels: (n: number) => `${n} business number${n === 1 ? '' : 's'}`,
  inactive: 'Deactivated',
  never: 'Never',
  empty: 'No operators.',
} as const;
