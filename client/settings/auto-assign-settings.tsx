import { Alert, NumberInput, Switch, Text } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { useEffect, useState } from 'react';
import { queries } from '../../schema/queries.ts';
import { settingsStrings as s } from '../i18n/settings-strings.ts';
import { SettingsSection } from './settings-section.tsx';
import { useSettingsUpdate } from './use-settings-update.ts';

const CAP_MIN = 1;
const CAP_MAX = 1000;

/** Global Settings > Chats: round-robin assignment of new customers and its per-operator limit (admins). */
export function AutoAssignSettings() {
  const [settings] = useQuery(queries.settings.get());
  const { error, update: save } = useSettingsUpdate();
  const [cap, setCap] = useState<number | string>('');
  const savedCap = settings?.autoAssignCap;
  useEffect(() => {
    if (savedCap !== undefined) setCap(savedCap);
  }, [savedCap]);

  const saveCap = () => {
    const value = typeof cap === 'number' ? cap : Number.parseInt(cap, 10);
    if (!Number.isInteger(value) || value < CAP_MIN || value > CAP_MAX || value === savedCap) {
      if (savedCap !== undefined) setCap(savedCap);
      return;
    }
    void save({ autoAssignCap: value });
  };

  return (
    <SettingsSection title={s.assignment.title} gap="xs">
      <Switch
        size="md"
        checked={settings?.autoAssign ?? false}
        disabled={!settings}
        onChange={(e) => void save({ autoAssign: e.currentTarget.checked })}
        label={s.assignment.label}
        data-testid="auto-assign-switch"
      />
      <Text size="sm" c="dimmed">
        {s.assignment.help}
      </Text>
      <NumberInput
        label={s.assignment.cap}
        description={s.assignment.capHelp}
        min={CAP_MIN}
        max={CAP_MAX}
        allowDecimal={false}
        value={cap}
        onChange={setCap}
        onBlur={saveCap}
        onKeyDown={(e) => {
          if (e.key === 'Enter') saveCap();
        }}
        disabled={!settings}
        maw={260}
        data-testid="auto-assign-cap"
      />
      {error && (
        <Alert color="red" title={s.assignment.saveFailed}>
          {error}
        </Alert>
      )}
    </SettingsSection>
  );
}
