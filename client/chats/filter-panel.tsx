import { Button, Loader } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { IconFilter } from '@tabler/icons-react';
import { Suspense } from 'react';
import type { ConversationFilter } from '../../schema/conversation-filter.ts';
import { queries } from '../../schema/queries.ts';
import { LazyPopover } from '../app/floating.tsx';
import { lazyComponent } from '../app/lazy-component.tsx';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import { countActiveFilters } from './filter-model.ts';
import './filter-panel.css';

// The popover's fields load on demand: the table paints without their comboboxes.
export const FilterForm = lazyComponent(() => import('./filter-form.tsx').then((m) => m.FilterForm));

/** The filter panel of the Chats tab: every change applies at once, so the table answers while you pick. */
export function FilterPanel({
  filter,
  onChange,
}: {
  filter: ConversationFilter;
  onChange: (filter: ConversationFilter) => void;
}) {
  const [operators] = useQuery(queries.operators.list());
  const [channels] = useQuery(queries.channels.list());
  const active = countActiveFilters(filter);
  return (
    // The count of active filters on the button's corner: a plain element rather than Mantine's Indicator,
    // whose code was 0.8 kB of the Chats route's budget (issue 12).
    <span className="filter-button">
      <LazyPopover
        position="bottom-start"
        shadow="md"
        width={360}
        trapFocus
        withArrow
        closeOnEscape
        target={
          <Button
            variant={active ? 'light' : 'default'}
            leftSection={<IconFilter size={16} aria-hidden />}
            aria-label={active ? s.filters.activeCount(active) : s.filters.button}
            data-testid="filters-button"
          >
            {s.filters.button}
          </Button>
        }
        dropdownProps={{
          'data-testid': 'filter-panel',
          style: { maxHeight: 'calc(100dvh - 190px)', overflowY: 'auto' },
        }}
      >
        <Suspense fallback={<Loader size="sm" aria-label={s.loadingRow} />}>
          <FilterForm filter={filter} onChange={onChange} operators={operators} channels={channels} />
        </Suspense>
      </LazyPopover>
      {active > 0 && (
        <span className="filter-count" aria-hidden>
          {active}
        </span>
      )}
    </span>
  );
}
