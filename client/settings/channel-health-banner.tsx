import { Alert, Button, Group, Text } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { IconAlertTriangle } from '@tabler/icons-react';
import { queries } from '../../schema/queries.ts';
import { settingsStrings as s } from '../i18n/settings-strings.ts';
import { isBroken } from './channel-health.tsx';

/** For admins in the Chats module: a broken business number (expired token, deregistered, errors). */
export function ChannelHealthBanner({ onOpenSettings }: { onOpenSettings: () => void }) {
  const [channels] = useQuery(queries.channels.list());
  const broken = channels.filter(isBroken);
  const alerted = channels.filter((c) => c.accountAlert);
  if (broken.length === 0 && alerted.length === 0) return null;
  if (broken.length === 0) return <AccountAlertBanner channels={alerted} onOpenSettings={onOpenSettings} />;
  const first = broken[0];
  return (
    <Alert
      color="red"
      radius={0}
      py={6}
      icon={<IconAlertTriangle size={18} />}
      data-testid="channel-health-banner"
      role="alert"
    >
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">
          {s.health.banner(broken.map((c) => c.displayPhoneNumber).join(', '))}
          {first?.healthError ? ` ${first.healthError}` : ''}
        </Text>
        <Button size="xs" variant="white" color="red" onClick={onOpenSettings}>
          {s.health.bannerAction}
        </Button>
      </Group>
    </Alert>
  );
}

/** Meta's account_update about a business number (violation, restriction, ban): the channel still sends. */
function AccountAlertBanner({
  channels,
  onOpenSettings,
}: {
  channels: readonly { displayPhoneNumber: string; accountAlert: string | null }[];
  onOpenSettings: () => void;
}) {
  return (
    <Alert
      color="orange"
      radius={0}
      py={6}
      icon={<IconAlertTriangle size={18} />}
      data-testid="channel-account-alert"
      role="alert"
    >
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">
          {channels.map((c) => `${c.displayPhoneNumber}: ${c.accountAlert ?? ''}`).join(' ')}
        </Text>
        <Button size="xs" variant="white" color="orange" onClick={onOpenSettings}>
          {s.health.bannerAction}
        </Button>
      </Group>
    </Alert>
  );
}
