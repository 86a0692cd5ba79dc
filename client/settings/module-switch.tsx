import { Alert, Button, Group, Modal, Stack, Switch, Text } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { useState } from 'react';
import { queries } from '../../schema/queries.ts';
import { settingsStrings as s } from '../i18n/settings-strings.ts';
import { SettingsSection } from './settings-section.tsx';
import { useSettingsUpdate } from './use-settings-update.ts';

/** Global Settings > Omnichannel > Chats: the switch, offered only when the licence includes Chats. */
export function ModuleSwitch({ licensed }: { licensed: boolean }) {
  const [settings] = useQuery(queries.settings.get());
  const { error, update } = useSettingsUpdate();
  // Switching off hides Chats from every operator at once (open conversations, unsent drafts): asked first.
  const [confirmOff, setConfirmOff] = useState(false);
  const on = settings?.chatsEnabled ?? false;

  const toggle = (next: boolean) => update({ chatsEnabled: next });

  return (
    <SettingsSection title={s.module.title} gap="xs">
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
    </SettingsSection>
  );
}
