import { Stack, Switch, Text } from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { useState } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import { alertsStrings } from '../i18n/alerts-strings.ts';
import { playAlertSound } from './alert-sound.ts';
import { askDesktopPermission, type DesktopPermission, desktopPermission } from './desktop-notification.ts';

/** The bell's popover: sound and desktop notifications, kept on the operator's account (every device). */
export function AlertPreferencesForm() {
  const z = useZero();
  const [prefs] = useQuery(queries.preferences.mine());
  const [permission, setPermission] = useState<DesktopPermission>(() => desktopPermission());
  const save = (change: { alertSound?: boolean; alertDesktop?: boolean }) =>
    z.mutate(mutators.preferences.update({ ...change, now: Date.now() }));

  const desktopOn = (prefs?.alertDesktop ?? false) && permission === 'granted';
  return (
    <Stack gap="sm">
      <Text fw={600} size="sm">
        {alertsStrings.heading}
      </Text>
      <Text size="xs" c="dimmed">
        {alertsStrings.titleCountHint}
      </Text>
      <Switch
        label={alertsStrings.sound}
        checked={prefs?.alertSound ?? false}
        onChange={(e) => {
          const on = e.currentTarget.checked;
          save({ alertSound: on });
          if (on) playAlertSound(); // the operator hears what they chose
        }}
      />
      <Switch
        label={alertsStrings.desktop}
        checked={desktopOn}
        disabled={permission === 'unsupported'}
        onChange={async (e) => {
          const on = e.currentTarget.checked;
          if (!on) return save({ alertDesktop: false });
          const answer = await askDesktopPermission();
          setPermission(answer);
          save({ alertDesktop: answer === 'granted' });
        }}
      />
      {permission === 'denied' && (
        <Text size="xs" c="red.8">
          {alertsStrings.desktopBlocked}
        </Text>
      )}
      {permission === 'unsupported' && (
        <Text size="xs" c="dimmed">
          {alertsStrings.desktopUnsupported}
        </Text>
      )}
    </Stack>
  );
}
