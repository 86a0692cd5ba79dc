import { Checkbox, Stack, Text } from '@mantine/core';
import { SEARCHABLE_COLUMNS, type SearchableColumn } from '../../schema/conversation-filter.ts';
import { MUTED } from '../app/text-colors.ts';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import { normalizeSearchColumns } from './filter-model.ts';

/** The searchable columns to include, ticked in the search box's popover (loaded when first opened). */
export function SearchColumnsForm({
  columns,
  onColumnsChange,
}: {
  columns: SearchableColumn[];
  onColumnsChange: (columns: SearchableColumn[]) => void;
}) {
  const narrowed = columns.length < SEARCHABLE_COLUMNS.length;
  return (
    <>
      <Checkbox.Group
        label={s.search.columnsTitle}
        description={s.search.atLeastOne}
        value={columns}
        onChange={(next) => onColumnsChange(normalizeSearchColumns(next))}
      >
        <Stack gap={6} mt="xs">
          {SEARCHABLE_COLUMNS.map((col) => (
            <Checkbox
              key={col}
              value={col}
              label={s.search.columns[col]}
              disabled={columns.length === 1 && columns[0] === col}
              data-testid={`search-column-${col}`}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      {narrowed && (
        <Text size="xs" c={MUTED} mt="xs">
          {columns.map((c) => s.search.columns[c]).join(', ')}
        </Text>
      )}
    </>
  );
}
