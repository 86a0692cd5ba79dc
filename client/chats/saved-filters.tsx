import { ActionIcon, Box, Button, Divider, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { IconBookmark, IconBookmarkFilled, IconTrash, IconUsers } from '@tabler/icons-react';
import { Suspense, useMemo, useState } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import type { SavedFilter } from '../../schema/schema.ts';
import { LazyPopover, LazyTooltip } from '../app/floating.tsx';
import { lazyComponent } from '../app/lazy-component.tsx';
import { MUTED } from '../app/text-colors.ts';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import { type ChatsView, savedBodyFromView, viewFromSaved } from './filter-model.ts';

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
  const [operators] = useQuery(queries.operators.list());
  const [opened, { toggle, close }] = useDisclosure(false);
  const [saveOpen, saveModal] = useDisclosure(false);
  // Mounted from the first opening on, so the modal keeps its close transition and its field values.
  const [saveEverOpened, setSaveEverOpened] = useState(false);
  if (saveOpen && !saveEverOpened) setSaveEverOpened(true);
  const names = useMemo(() => new Map(operators.map((o) => [o.id, o.name])), [operators]);
  const currentKey = bodyKey(view);
  const applied = filters.find((f) => bodyKey(viewFromSaved(f.filter)) === currentKey);
  const mine = filters.filter((f) => f.operatorId === me.id);
  const shared = filters.filter((f) => f.operatorId !== me.id);

  const row = (f: SavedFilter) => (
    <Group key={f.id} gap={4} wrap="nowrap" data-testid="saved-filter" data-filter-name={f.name}>
      <UnstyledButton
        onClick={() => {
          onApply(viewFromSaved(f.filter));
          close();
        }}
        style={{ flex: 1, minWidth: 0, padding: '4px 6px', borderRadius: 4 }}
        aria-current={applied?.id === f.id}
        data-testid="saved-filter-apply"
      >
        <Group gap={6} wrap="nowrap">
          {applied?.id === f.id ? (
            <IconBookmarkFilled size={14} aria-hidden />
          ) : (
            <IconBookmark size={14} aria-hidden />
          )}
          <Text size="sm" truncate fw={applied?.id === f.id ? 600 : undefined}>
            {f.name}
          </Text>
          {f.shared && f.operatorId === me.id && (
            <LazyTooltip label={s.saved.share}>
              <IconUsers size={14} aria-label={s.saved.share} />
            </LazyTooltip>
          )}
        </Group>
        {f.operatorId !== me.id && (
          <Text size="xs" c={MUTED} truncate>
            {s.saved.sharedBy(names.get(f.operatorId) ?? f.operatorId)}
          </Text>
        )}
      </UnstyledButton>
      {(f.operatorId === me.id || me.role === 'admin') && (
        <ActionIcon
          variant="subtle"
          color="red"
          size="sm"
          aria-label={s.saved.delete(f.name)}
          onClick={() => z.mutate(mutators.filters.delete({ id: f.id }))}
          data-testid="saved-filter-delete"
        >
          <IconTrash size={14} />
        </ActionIcon>
      )}
    </Group>
  );

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
        <Box mah={320} style={{ overflowY: 'auto' }}>
          {filters.length === 0 && (
            <Text size="sm" c={MUTED}>
              {s.saved.none}
            </Text>
          )}
          {mine.length > 0 && (
            <Stack gap={2}>
              <Text size="xs" fw={700} c={MUTED} tt="uppercase">
                {s.saved.mine}
              </Text>
              {mine.map(row)}
            </Stack>
          )}
          {shared.length > 0 && (
            <Stack gap={2} mt={mine.length ? 'sm' : 0}>
              <Text size="xs" fw={700} c={MUTED} tt="uppercase">
                {s.saved.shared}
              </Text>
              {shared.map(row)}
            </Stack>
          )}
        </Box>
        <Divider my="xs" />
        <Button
          variant="subtle"
          size="xs"
          fullWidth
          onClick={() => {
            close();
            saveModal.open();
          }}
          data-testid="save-filter-open"
        >
          {s.saved.saveCurrent}
        </Button>
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
