import { Button, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { IconBookmark, IconBookmarkFilled } from '@tabler/icons-react';
import { Suspense, useState } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import { LazyPopover } from '../app/floating.tsx';
import { lazyComponent } from '../app/lazy-component.tsx';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import { type ChatsView, savedBodyFromView, viewFromSaved } from './filter-model.ts';

// The popover's list loads when it first opens (the idle preload usually has it by then).
export const SavedFiltersList = lazyComponent(() =>
  import('./saved-filters-list.tsx').then((m) => m.SavedFiltersList),
);

export const SaveFilterModal = lazyComponent(() =>
  import('./save-filter-modal.tsx').then((m) => m.SaveFilterModal),
);

const bodyKey = (view: ChatsView) => JSON.stringify(savedBodyFromView(view));

/**
 * Saved filters: the operator's own and those the team shares, recalled with a click; the current search
 * and filters saved under a name, optionally shared. Only the owner (or an administrator) deletes one.
 */
export function SavedFilters({
  view,
  onApply,
  me,
}: {
  view: ChatsView;
  onApply: (view: ChatsView) => void;
  me: { id: string; role: string };
}) {
  const z = useZero();
  const [filters] = useQuery(queries.filters.mine());
  const [opened, { toggle, close }] = useDisclosure(false);
  const [saveOpen, saveModal] = useDisclosure(false);
  // Mounted from the first opening on, so the modal keeps its close transition and its field values.
  const [saveEverOpened, setSaveEverOpened] = useState(false);
  if (saveOpen && !saveEverOpened) setSaveEverOpened(true);
  const currentKey = bodyKey(view);
  const applied = filters.find((f) => bodyKey(viewFromSaved(f.filter)) === currentKey);
  const mine = filters.filter((f) => f.operatorId === me.id);

  return (
    <>
      <LazyPopover
        opened={opened}
        onChange={(o) => !o && close()}
        position="bottom-start"
        shadow="md"
        width={300}
        withArrow
        trapFocus
        target={
          <Button
            variant={applied ? 'light' : 'default'}
            leftSection={
              applied ? <IconBookmarkFilled size={16} aria-hidden /> : <IconBookmark size={16} aria-hidden />
            }
            onClick={toggle}
            data-testid="saved-filters-button"
            maw={220}
          >
            <Text span truncate size="sm" fw={500}>
              {applied ? s.saved.applied(applied.name) : s.saved.button}
            </Text>
          </Button>
        }
        dropdownProps={{ 'data-testid': 'saved-filters-list' }}
      >
        <Suspense fallback={null}>
          <SavedFiltersList
            filters={filters}
            appliedId={applied?.id ?? null}
            me={me}
            onApply={(f) => {
              onApply(viewFromSaved(f.filter));
              close();
            }}
            onSaveCurrent={() => {
              close();
              saveModal.open();
            }}
          />
        </Suspense>
      </LazyPopover>
      {saveEverOpened && (
        <Suspense fallback={null}>
          <SaveFilterModal
            opened={saveOpen}
            onClose={saveModal.close}
            onSave={async (name, share) => {
              const existing = mine.find((f) => f.name.trim().toLowerCase() === name.trim().toLowerCase());
              const result = z.mutate(
                mutators.filters.save({
                  id: existing?.id ?? crypto.randomUUID(),
                  name,
                  shared: share,
                  body: savedBodyFromView(view),
                  now: Date.now(),
                }),
              );
              const client = await result.client;
              if (client.type === 'error') throw new Error(client.error.message);
            }}
          />
        </Suspense>
      )}
    </>
  );
}
