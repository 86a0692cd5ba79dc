import { Button, Group, Text } from '@mantine/core';
import { IconCheck, IconRotateClockwise, IconX } from '@tabler/icons-react';
import { MAX_BULK } from '../../schema/mutators/conversations.ts';
import { AssignMenu, CommandButton, SnoozeMenu } from '../commands/command-controls.tsx';
import { commandStrings as s } from '../i18n/command-strings.ts';

/**
 * The bar over the table while rows are ticked: the same registered actions as the thread header, on
 * every ticked conversation at once (the server skips those a command does not apply to).
 */
export function BulkBar({ count, onClear }: { count: number; onClear: () => void }) {
  return (
    <Group
      role="toolbar"
      aria-label={s.bulk.label}
      data-testid="bulk-bar"
      gap="xs"
      px="xs"
      py={6}
      wrap="wrap"
      style={{
        borderBottom: '1px solid var(--mantine-color-default-border)',
        background: 'light-dark(var(--mantine-color-blue-0), var(--mantine-color-dark-6))',
      }}
    >
      <Text size="sm" fw={600} data-testid="bulk-count" aria-live="polite">
        {s.bulk.selected(count)}
        {count >= MAX_BULK ? ` · ${s.bulk.tooMany(MAX_BULK)}` : ''}
      </Text>
      <CommandButton id="resolve" leftSection={<IconCheck size={16} aria-hidden />} />
      <CommandButton
        id="reopen"
        hideWhenDisabled
        leftSection={<IconRotateClockwise size={16} aria-hidden />}
      />
      <SnoozeMenu />
      <AssignMenu label={s.actions.assignOther.replace(/…$/, '')} />
      <CommandButton id="unassign" hideWhenDisabled />
      <Button
        size="compact-sm"
        variant="subtle"
        leftSection={<IconX size={16} aria-hidden />}
        onClick={onClear}
        data-testid="bulk-clear"
      >
        {s.bulk.clear}
      </Button>
    </Group>
  );
}
