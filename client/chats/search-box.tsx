import { ActionIcon, CloseButton, Group, Loader, TextInput } from '@mantine/core';
import { IconLayoutGrid, IconSearch } from '@tabler/icons-react';
import { Suspense } from 'react';
import { SEARCHABLE_COLUMNS, type SearchableColumn } from '../../schema/conversation-filter.ts';
import { LazyPopover } from '../app/floating.tsx';
import { lazyComponent } from '../app/lazy-component.tsx';
import { chatsStrings as s } from '../i18n/chats-strings.ts';

export const SearchColumnsForm = lazyComponent(() =>
  import('./search-columns-form.tsx').then((m) => m.SearchColumnsForm),
);

/** The search field and, next to it, the grid icon listing the searchable columns to include. */
export function SearchBox({
  value,
  onChange,
  columns,
  onColumnsChange,
}: {
  value: string;
  onChange: (value: string) => void;
  columns: SearchableColumn[];
  onColumnsChange: (columns: SearchableColumn[]) => void;
}) {
  const narrowed = columns.length < SEARCHABLE_COLUMNS.length;
  return (
    <Group gap={4} wrap="nowrap" style={{ flex: '1 1 240px', minWidth: 200, maxWidth: 480 }}>
      <TextInput
        aria-label={s.search.label}
        placeholder={s.search.placeholder}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            onChange('');
          }
        }}
        rightSection={
          value ? <CloseButton size="sm" aria-label={s.search.clear} onClick={() => onChange('')} /> : null
        }
        style={{ flex: 1 }}
        data-testid="chats-search"
        maxLength={200}
        type="search"
      />
      <LazyPopover
        position="bottom-start"
        shadow="md"
        width={280}
        trapFocus
        withArrow
        tip={s.search.columnsButton}
        target={
          <ActionIcon
            variant={narrowed ? 'light' : 'default'}
            size="lg"
            aria-label={s.search.columnsButton}
            data-testid="search-columns-button"
          >
            <IconLayoutGrid size={18} />
          </ActionIcon>
        }
      >
        <Suspense fallback={<Loader size="sm" aria-label={s.loadingRow} />}>
          <SearchColumnsForm columns={columns} onColumnsChange={onColumnsChange} />
        </Suspense>
      </LazyPopover>
    </Group>
  );
}
