import { Group, Kbd, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { MUTED } from '../app/text-colors.ts';
import { commandStrings as s } from '../i18n/command-strings.ts';
import type { ActionGroup } from './action.ts';
import { ACTIONS } from './conversation-actions.ts';
import { shortcutKeys } from './shortcut.ts';

const GROUPS: ActionGroup[] = ['conversation', 'navigation', 'help'];

/** The "?" dialog: every registered action with its keys, read from the registry itself. */
export function ShortcutHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={s.help.title}
      size="lg"
      closeButtonProps={{ 'aria-label': s.errors.dismiss }}
      data-testid="shortcut-help"
    >
      <Stack gap="md">
        <Text size="sm">{s.help.intro}</Text>
        {GROUPS.map((group) => (
          <Stack key={group} gap={4}>
            <Title order={3} size="h5">
              {s.groups[group]}
            </Title>
            <Table striped withRowBorders={false} verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{s.help.action}</Table.Th>
                  <Table.Th w={140}>{s.help.keys}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ACTIONS.filter((a) => a.group === group && !a.needsChoice).map((a) => (
                  <Table.Tr key={a.id} data-testid="shortcut-row" data-action={a.id}>
                    <Table.Td>{a.label}</Table.Td>
                    <Table.Td>
                      {a.shortcut ? (
                        <Group gap={4} wrap="nowrap">
                          {shortcutKeys(a.shortcut).map((k) => (
                            <Kbd key={k}>{k}</Kbd>
                          ))}
                        </Group>
                      ) : (
                        <Text size="xs" c={MUTED}>
                          {s.help.none}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        ))}
      </Stack>
    </Modal>
  );
}
