import { Badge, Box, Table, Text } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { queries } from '../../schema/queries.ts';
import { formatTableDate } from '../chats/format-date.ts';

const presenceColor = { online: 'green', away: 'yellow', offline: 'gray' } as const;

export function OperatorsTable() {
  const [operators] = useQuery(queries.operators.list());
  return (
    <Box style={{ flex: 1, overflow: 'auto' }} p="xs">
      <Table striped highlightOnHover data-testid="operators-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>ID</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Login status</Table.Th>
            <Table.Th>Last seen</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {operators.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td>{o.name}</Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {o.id}
                </Text>
              </Table.Td>
              <Table.Td>{o.email}</Table.Td>
              <Table.Td>{o.role}</Table.Td>
              <Table.Td>
                <Badge color={presenceColor[o.presence]} variant="dot">
                  {o.presence}
                </Badge>
              </Table.Td>
              <Table.Td>{formatTableDate(o.lastSeenAt).short}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
