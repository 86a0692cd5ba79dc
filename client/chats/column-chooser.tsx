import { ActionIcon, Loader } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import { Suspense } from 'react';
import { LazyPopover } from '../app/floating.tsx';
import { lazyComponent } from '../app/lazy-component.tsx';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import type { ColumnChooserListProps } from './column-chooser-list.tsx';
import type { ColumnLayout } from './column-prefs.ts';

export const ColumnChooserList = lazyComponent<ColumnChooserListProps<string>>(() =>
  import('./column-chooser-list.tsx').then((m) => m.ColumnChooserList),
);

/**
 * The gear icon: show/hide columns with a tick, reorder them by dragging or with the arrow buttons
 * (the keyboard way). Every change is handed to onChange, which persists it.
 */
export function ColumnChooser<Id extends string>({
  layout,
  labels,
  onChange,
  onReset,
  testId,
}: {
  layout: ColumnLayout<Id>;
  labels: Record<Id, string>;
  onChange: (next: ColumnLayout<Id>) => void;
  onReset: () => void;
  testId: string;
}) {
  return (
    <LazyPopover
      position="bottom-end"
      shadow="md"
      width={300}
      trapFocus
      withArrow
      tip={s.columnChooser.button}
      target={
        <ActionIcon variant="default" size="lg" aria-label={s.columnChooser.button} data-testid={testId}>
          <IconSettings size={18} />
        </ActionIcon>
      }
      dropdownProps={{ 'data-testid': `${testId}-dropdown` }}
    >
      <Suspense fallback={<Loader size="sm" aria-label={s.loadingRow} />}>
        <ColumnChooserList
          layout={layout as ColumnLayout<string>}
          labels={labels}
          onChange={onChange as (next: ColumnLayout<string>) => void}
          onReset={onReset}
        />
      </Suspense>
    </LazyPopover>
  );
}
