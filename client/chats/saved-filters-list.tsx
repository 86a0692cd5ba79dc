import { ActionIcon, Box, Button, Divider, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { IconBookmark, IconBookmarkFilled, IconTrash, IconUsers } from '@tabler/icons-react';
import { useMemo } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import type { SavedFilter } from '../../schema/schema.ts';
import { LazyTooltip } from '../app/floating.tsx';
import { MUTED } from '../app/text-colors.ts';
import { chatsStrings as s } from '../i18n/chats-strings.ts';

/**
 * The saved-filters popover's list: the operator's own filters and those colleagues share, each applied
 * with a click and deleted by its owner or an administrator. Loaded when the popover first opens (or the
 * browser is idle), not with the Chats route.
 */
export function SavedFiltersList({
  filters,
  appliedId,
  me,
  onApply,
  onSaveCurrent,
}: {
  filters: readonly SavedFilter[];
  appliedId: string | null;
  me: { id: string; role: string };
  onApply: (filter: SavedFilter) => void;
  onSaveCurrent: () => void;
}) {
  const z = useZero();
  const [operators] = useQuery(queries.operators.list());
  const names = useMemo(() => new Map(operators.map((o) => [o.id, o.name])), [operators]);
  const mine = filters.filter((f) => f.operatorId === me.id);
  const shared = filters.filter((f) => f.operatorId !== me.id);

  const row = (f: SavedFilter) => (
    <Group key={f.id} gap={4} wrap="nowrap" data-testid="saved-filter" data-filter-name={f.name}>
      <UnstyledButton
        onClick={() => onApply(f)}
        style={{ flex: 1, minWidth: 0, padding: '4px 6px', borderRadius: 4 }}
        aria-current={appliedId === f.id}
        data-testid="saved-filter-apply"
      >
        <Group gap={6} wrap="nowrap">
          {appliedId === f.id ? (
            <IconBookmarkFilled size={14} aria-hidden />
          ) : (
            <IconBookmark size={14} aria-hidden />
          )}
          <Text size="sm" truncate fw={appliedId === f.id ? 600 : undefined}>
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
      <Button variant="subtle" size="xs" fullWidth onClick={onSaveCurrent} data-testid="save-filter-open">
        {s.saved.saveCurrent}
      </Button>
    </>
  );
}
