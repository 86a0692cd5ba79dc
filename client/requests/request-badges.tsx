import { Badge, Text } from '@mantine/core';
import { isProvisionalRequestCode } from '../../schema/mutators/requests.ts';
import type { RequestStatus } from '../../schema/schema.ts';
import { ct } from '../i18n/conversation-strings.ts';

const STATUS_COLORS: Record<RequestStatus, string> = {
  new: 'blue',
  open: 'teal',
  pending: 'yellow',
  resolved: 'green',
  closed: 'gray',
};

export function StatusBadge({ status }: { status: RequestStatus }) {
  return (
    <Badge size="xs" color={STATUS_COLORS[status]} variant="light">
      {ct.requests.statuses[status]}
    </Badge>
  );
}

/** The request's code; until the server has numbered it, a dimmed provisional one. */
export function RequestCode({ code, size = 'xs' }: { code: string; size?: 'xs' | 'sm' | 'md' }) {
  const provisional = isProvisionalRequestCode(code);
  return (
    <Text
      size={size}
      fw={600}
      ff="monospace"
      c={provisional ? 'dimmed' : undefined}
      title={provisional ? ct.requests.pendingCode : undefined}
      data-testid="request-code"
      data-provisional={provisional}
    >
      {code}
    </Text>
  );
}
