import {
  Badge,
  Box,
  Button,
  Group,
  MultiSelect,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { memo, useMemo, useState } from 'react';
import { REQUEST_STATUSES } from '../../schema/mutators/requests.ts';
import { queries } from '../../schema/queries.ts';
import type { RequestStatus } from '../../schema/schema.ts';
import { ct } from '../i18n/conversation-strings.ts';
import { RequestCode, StatusBadge } from './request-badges.tsx';
import { filterRequests } from './request-filter.ts';

/** Left pane: the requests born in this conversation (code + name), searchable and filterable. */
export const RequestsPane = memo(function RequestsPane({
  conversationId,
  selectedId,
  onSelect,
  onNew,
  canWrite,
}: {
  conversationId: string;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onNew: () => void;
  canWrite: boolean;
}) {
  const [requests] = useQuery(queries.requests.byConversation({ conversationId }));
  const [tags] = useQuery(queries.catalog.tags());
  const [search, setSearch] = useState('');
  const [statuses, setStatuses] = useState<RequestStatus[]>([]);
  const [tagIds, setTagIds] = useState<string[]>([]);
  const shown = useMemo(
    () => filterRequests(requests, { search, statuses, tagIds }),
    [requests, search, statuses, tagIds],
  );
  return (
    <Stack gap={6} p="xs" h="100%" data-testid="requests-pane">
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600} size="sm">
          {ct.requests.paneTitle}
        </Text>
        {canWrite && (
          <Button
            size="compact-xs"
            leftSection={<IconPlus size={14} />}
            onClick={onNew}
            data-testid="new-request-button"
          >
            {ct.requests.newRequest}
          </Button>
        )}
      </Group>
      <TextInput
        size="xs"
        leftSection={<IconSearch size={14} />}
        placeholder={ct.requests.search}
        aria-label={ct.requests.search}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        data-testid="requests-search"
      />
      <MultiSelect
        size="xs"
        placeholder={ct.requests.statusFilter}
        aria-label={ct.requests.statusFilter}
        data={REQUEST_STATUSES.map((s) => ({ value: s, label: ct.requests.statuses[s] }))}
        value={statuses}
        onChange={(v) => setStatuses(v as RequestStatus[])}
        clearable
        data-testid="requests-status-filter"
      />
      <MultiSelect
        size="xs"
        placeholder={ct.requests.tagFilter}
        aria-label={ct.requests.tagFilter}
        data={tags.map((t) => ({ value: t.id, label: t.name }))}
        value={tagIds}
        onChange={setTagIds}
        clearable
        searchable
        data-testid="requests-tag-filter"
      />
      <ScrollArea style={{ flex: 1 }}>
        <Stack gap={4}>
          {shown.length === 0 && (
            <Text size="xs" c="dimmed" p="xs">
              {requests.length === 0 ? ct.requests.empty : ct.requests.noMatches}
            </Text>
          )}
          {shown.map((r) => (
            <UnstyledButton
              key={r.id}
              onClick={() => onSelect(r.id)}
              data-testid="request-item"
              data-request-id={r.id}
              aria-current={r.id === selectedId}
            >
              <Box
                p={6}
                style={{
                  borderRadius: 6,
                  background: r.id === selectedId ? 'var(--mantine-color-cdeskBlue-light)' : undefined,
                  border: '1px solid var(--mantine-color-default-border)',
                }}
              >
                <Group justify="space-between" gap={4} wrap="nowrap">
                  <RequestCode code={r.code} />
                  <StatusBadge status={r.status} />
                </Group>
                <Text size="sm" lineClamp={2}>
                  {r.name}
                </Text>
                {r.tags.length > 0 && (
                  <Group gap={2} mt={2}>
                    {r.tags.map((t) => (
                      <Badge key={t.id} size="xs" color={t.color} variant="light">
                        {t.name}
                      </Badge>
                    ))}
                  </Group>
                )}
              </Box>
            </UnstyledButton>
          ))}
        </Stack>
      </ScrollArea>
    </Stack>
  );
});
