import { Badge, Box, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { useMemo } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { lastActiveAt } from '../../schema/operator-presence.ts';
import { queries } from '../../schema/queries.ts';
import { maySendTemplates } from '../../schema/roles.ts';
import type { Operator } from '../../schema/schema.ts';
import { MUTED } from '../app/text-colors.ts';
import { ColumnChooser } from '../chats/column-chooser.tsx';
import { type ColumnLayout, defaultLayout, mergeLayout, serializeLayout } from '../chats/column-prefs.ts';
import { formatTableDate } from '../chats/format-date.ts';
import { useNow } from '../chats/use-now.ts';
import { operatorsStrings } from '../i18n/operators-strings.ts';

const s = operatorsStrings;
type OperatorColumnId = keyof typeof s.columns;
const OPERATOR_COLUMN_IDS = Object.keys(s.columns) as OperatorColumnId[];
const presenceColor = { online: 'green.8', away: 'yellow.8', offline: 'gray.7' } as const;

function cell(id: OperatorColumnId, o: Operator, now: number) {
  switch (id) {
    case 'name':
      return (
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500}>
            {o.name}
          </Text>
          {!o.active && (
            <Badge size="xs" color="gray" variant="outline">
              {s.inactive}
            </Badge>
          )}
        </Group>
      );
    case 'id':
      return (
        <Text size="xs" ff="monospace">
          {o.id}
        </Text>
      );
    case 'email':
      return <Text size="sm">{o.email}</Text>;
    case 'role':
      return (
        <Stack gap={2}>
          <Text size="sm">{s.roles[o.role]}</Text>
          <Text size="xs" c={MUTED}>
            {[
              maySendTemplates(o) ? s.templates : null,
              o.channelScope ? s.someChannels(o.channelScope.length) : s.allChannels,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Stack>
      );
    case 'presence': {
      const p = o.presence;
      return (
        <Badge color={presenceColor[p]} variant="dot" data-testid="operator-presence" data-presence={p}>
          {s.presence[p]}
        </Badge>
      );
    }
    case 'lastSeen': {
      const at = lastActiveAt(o, now);
      if (at == null) return <Text size="sm">{s.never}</Text>;
      const d = formatTableDate(at, now);
      return (
        <Tooltip label={d.full}>
          <Text size="sm">{d.short}</Text>
        </Tooltip>
      );
    }
  }
}

/** The Operators tab: who is on the team, what they may do, and who is online now (live). No filtering. */
export function OperatorsTable() {
  const z = useZero();
  const [operators] = useQuery(queries.operators.list());
  const [prefs] = useQuery(queries.preferences.mine());
  const now = useNow(15_000);
  const layout = useMemo(
    () => mergeLayout(prefs?.operatorsColumns, OPERATOR_COLUMN_IDS),
    [prefs?.operatorsColumns],
  );
  const visible = layout.filter((c) => c.visible).map((c) => c.id);
  const save = (next: ColumnLayout<OperatorColumnId>) =>
    z.mutate(mutators.preferences.update({ operatorsColumns: serializeLayout(next), now: Date.now() }));

  return (
    <Box style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
      <Group
        px="xs"
        py={6}
        justify="flex-end"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <ColumnChooser
          layout={layout}
          labels={s.columns}
          onChange={save}
          onReset={() => save(defaultLayout(OPERATOR_COLUMN_IDS))}
          testId="operators-columns-button"
        />
      </Group>
      <Box style={{ flex: 1, overflow: 'auto' }} px="xs">
        <Table
          striped
          highlightOnHover
          stickyHeader
          data-testid="operators-table"
          aria-label={s.tableLabel}
          miw={640}
        >
          <Table.Thead>
            <Table.Tr>
              {visible.map((id) => (
                <Table.Th key={id} data-testid={`operators-header-${id}`}>
                  <Tooltip
                    label={s.columnHelp[id]}
                    openDelay={300}
                    events={{ hover: true, focus: true, touch: true }}
                  >
                    <span>{s.columns[id]}</span>
                  </Tooltip>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {operators.map((o) => (
              <Table.Tr key={o.id} data-testid="operator-row" data-operator-id={o.id}>
                {visible.map((id) => (
                  <Table.Td key={id} data-column={id}>
                    {cell(id, o, now)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
            {operators.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={visible.length}>
                  <Text c={MUTED}>{s.empty}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Box>
    </Box>
  );
}
