import { ActionIcon, Button, Group, Menu, Modal, Text, Tooltip } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useState } from 'react';
import { useOutboxEntries } from '../conversation/outbox-provider.tsx';
import { t } from '../i18n/strings.ts';
import { logout } from './use-session.ts';

/**
 * Sign out of this browser or everywhere. Sign-out deletes the browser's local data, queued replies
 * included, so when some are still waiting for the network the operator is asked first.
 */
export function SignOutMenu() {
  const { entries } = useOutboxEntries();
  const [pending, setPending] = useState<{ everywhere: boolean } | null>(null);
  const start = (everywhere: boolean) => {
    if (entries.length > 0) return setPending({ everywhere });
    void logout({ everywhere });
  };
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Tooltip label={t.auth.logout}>
            <ActionIcon variant="subtle" aria-label={t.auth.logout} data-testid="sign-out-menu">
              <IconLogout size={18} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => start(false)}>{t.auth.logout}</Menu.Item>
          <Menu.Item onClick={() => start(true)}>
            <Text size="sm">{t.auth.logoutEverywhere}</Text>
            <Text size="xs" c="dimmed">
              {t.auth.logoutEverywhereHint}
            </Text>
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={pending !== null} onClose={() => setPending(null)} title={t.auth.queuedTitle} centered>
        <Text size="sm" mb="md">
          {t.auth.queued(entries.length)}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setPending(null)}>
            {t.auth.keepWorking}
          </Button>
          <Button color="red" onClick={() => void logout({ everywhere: pending?.everywhere ?? false })}>
            {t.auth.signOutAnyway}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
