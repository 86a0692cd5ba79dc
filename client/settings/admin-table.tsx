import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A list in Global Settings (operators, API tokens, the audit log, sign-in attempts): one header row,
 * scrolling sideways below `minWidth` rather than squeezing its columns. `actionsColumn` adds a last,
 * unlabelled column for the rows' buttons, named for screen readers when given.
 */
export function AdminTable({
  testId,
  minWidth,
  headers,
  actionsColumn,
  striped,
  highlightOnHover,
  children,
}: {
  testId: string;
  minWidth: number;
  headers: readonly string[];
  actionsColumn?: { label?: string };
  striped?: boolean;
  highlightOnHover?: boolean;
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped={striped} highlightOnHover={highlightOnHover} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {headers.map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
            {actionsColumn && <Table.Th aria-label={actionsColumn.label} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
