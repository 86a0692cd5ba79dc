import { Alert, Button, Group, Text } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { queries } from '../../schema/queries.ts';
import type { Channel } from '../../schema/schema.ts';
import { settingsLinkStrings as s } from '../i18n/settings-link-strings.ts';

/** A business number that cannot send until an admin acts: expired token, deregistered, or failing. */
export const isBroken = (c: Pick<Channel, 'health'>) =>
  c.health === 'token_expired' || c.health === 'not_registered' || c.health === 'error';

/** For admins in the Chats module: a broken business number (expired token, deregistered, errors). */
export function ChannelHealthBanner({ onOpenSettings }: { onOpenSettings: () => void }) {
  const [channels] = useQuery(queries.channels.list());
  const broken = channels.filter(isBroken);
  const alerted = channels.filter((c) => c.accountAlert);
  if (broken.length > 0) {
    const first = broken[0];
    return (
      <BusinessNumberBanner color="red" testId="channel-health-banner" onOpenSettings={onOpenSettings}>
        {s.healthBanner(broken.map((c) => c.displayPhoneNumber).join(', '))}
        {first?.healthError ? ` ${first.healthError}` : ''}
      </BusinessNumberBanner>
    );
  }
  if (alerted.length === 0) return null;
  // Meta's account_update about a business number (violation, restriction, ban): the channel still sends.
  return (
    <BusinessNumberBanner color="orange" testId="channel-account-alert" onOpenSettings={onOpenSettings}>
      {alerted.map((c) => `${c.displayPhoneNumber}: ${c.accountAlert ?? ''}`).join(' ')}
    </BusinessNumberBanner>
  );
}

/** The strip above the Chats module: what is wrong with the business numbers, and a way to Settings. */
function BusinessNumberBanner({
  color,
  testId,
  onOpenSettings,
  children,
}: {
  color: 'red' | 'orange';
  testId: string;
  onOpenSettings: () => void;
  children: ReactNode;
}) {
  return (
    <Alert
      color={color}
      radius={0}
      py={6}
      icon={<IconAlertTriangle size={18} />}
      data-testid={testId}
      role="alert"
    >
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{children}</Text>
        <Button size="xs" variant="white" color={color} onClick={onOpenSettings}>
          {s.healthBannerAction}
        </Button>
      </Group>
    </Alert>
  );
}
