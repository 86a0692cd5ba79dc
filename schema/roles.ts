// Operator roles, the one definition: Zero's schema and context, the session and API token checks,
// Settings' operator form, the REST API's operator shape and every "may this account write" check.

export const ROLES = ['admin', 'operator', 'readonly'] as const;
export type Role = (typeof ROLES)[number];

/** A read-only account sees what its channels allow and changes nothing (no replies, no read receipts). */
export function canWrite(role: Role): boolean {
  return role !== 'readonly';
}

/** Templates need the operator's own permission and a role that may write. */
export function maySendTemplates(op: { role: Role; canSendTemplates: boolean }): boolean {
  return canWrite(op.role) && op.canSendTemplates;
}
