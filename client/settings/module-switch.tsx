import { Alert, Button, Group, Modal, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { useState } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import { settingsStrings as s } from '../i18n/settings-strings.ts';

/** Global Settings > Omnichannel > Chats: the switch, offered only when the licence includes Chats. */
export function ModuleSwitch({ licensed }: { licensed: boolean }) {
  const z = useZero();
  const [settings] = useQuery(queries.settings.get());
  const [error, setError] = useState<string | null>(null);
  // Switching off hides Chats from every operator at once (open conversations, unsent drafts): asked first.
  const [confirmOff, setConfirmOff] = useState(false);
  const on = settings?.chatsEnabled ?? false;

  const toggle = async (next: boolean) => {
    setError(null);
    const result = await z.mutate(mutators.settings.update({ chatsEnabled: next, now: Date.now() })).server;
    if (result.type === 'error') setError(result.error.message);
  };

  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {s.module.title}
        </Title>
        {licensed ? (
          <>
            <Group>
              <Switch
                size="md"
                color="green"
                checked={on}
                disabled={!settings}
                onChange={(e) => (e.currentTarget.checked ? void toggle(true) : setConfirmOff(true))}
                label={s.module.label}
                data-testid="chats-module-switch"
              />
            </Group>
            <Text size="sm" c="dimmed">
              {on ? s.module.on : s.module.off}
            </Text>
          </>
        ) : (
          <Alert color="gray" data-testid="module-not-licensed">
            {s.module.notLicensed}
          </Alert>
        )}
        {error && (
          <Alert color="red" title={s.module.saveFailed}>
            {error}
          </Alert>
        )}
      </Stack>
      <Modal
        opened={confirmOff}
        onClose={() => setConfirmOff(false)}
        title={s.module.confirmOffTitle}
        closeButtonProps={{ 'aria-label': s.module.confirmOffClose }}
      >
        <Stack gap="md">
          <Text size="sm">{s.module.confirmOffText}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmOff(false)} data-autofocus>
              {s.module.confirmOffCancel}
            </Button>
            <Button
              color="red"
              onClick={() => {
                setConfirmOff(false);
                void toggle(false);
              }}
            >
              {s.module.confirmOff}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
