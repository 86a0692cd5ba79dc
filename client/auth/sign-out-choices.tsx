import { Button, Group, Menu, Modal, Text } from '@mantine/core';
import { useState } from 'react';
import { useOutbox, useOutboxEntries } from '../conversation/outbox-provider.tsx';
import { t } from '../i18n/strings.ts';
import { SignOutButton } from './sign-out-button.tsx';
import { logout } from './use-session.ts';

/**
 * Sign out of this browser or everywhere. Sign-out deletes the browser's local data, queued replies
 * included, so when some are still waiting for the network the operator is asked first.
 */
export function SignOutChoices({ openAtStart }: { openAtStart: boolean }) {
  // The outbox, not its entries: the header's menu is not rendered again for every reply sent (twice: listed,
  // then confirmed), which held back the frame that shows the reply. Only the question below follows them.
  const outbox = useOutbox();
  const [pending, setPending] = useState<{ everywhere: boolean } | null>(null);
  const start = (everywhere: boolean) => {
    if (outbox.entries.length > 0) return setPending({ everywhere });
    void logout({ everywhere });
  };
  return (
    <>
      <Menu position="bottom-end" withinPortal defaultOpened={openAtStart}>
        <Menu.Target>
          <SignOutButton />
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
      {pending && <QueuedRepliesQuestion everywhere={pending.everywhere} onClose={() => setPending(null)} />}
    </>
  );
}

/** "Replies are still waiting": the count follows the outbox while the question is open. */
function QueuedRepliesQuestion({ everywhere, onClose }: { everywhere: boolean; onClose: () => void }) {
  const { entries } = useOutboxEntries();
  return (
    <Modal opened onClose={onClose} title={t.auth.queuedTitle} centered>
      <Text size="sm" mb="md">
        {t.auth.queued(entries.length)}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t.auth.keepWorking}
        </Button>
        <Button color="red" onClick={() => void logout({ everywhere })}>
          {t.auth.signOutAnyway}
        </Button>
      </Group>
    </Modal>
  );
}
