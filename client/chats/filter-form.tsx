import {
  Button,
  Group,
  MultiSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import type { ConversationFilter } from '../../schema/conversation-filter.ts';
import type { Channel, Operator } from '../../schema/schema.ts';
import { MESSAGE_STATUSES } from '../../schema/whatsapp/message-status.ts';
import { chatsStrings as s } from '../i18n/chats-strings.ts';
import { countActiveFilters, dateInputToMs, msToDateInput, normalizeFilter } from './filter-model.ts';

// 'played' (a voice message listened to) is not offered: the filter lists what an operator looks for.
const STATUSES = MESSAGE_STATUSES.filter((st) => st !== 'played');
type Status = NonNullable<ConversationFilter['statuses']>[number];

/**
 * The fields inside the filter panel's popover. Loaded when first opened (or when the browser is idle):
 * its comboboxes are most of the panel's code and the Chats table paints without them.
 */
export function FilterForm({
  filter,
  onChange,
  operators,
  channels,
}: {
  filter: ConversationFilter;
  onChange: (filter: ConversationFilter) => void;
  operators: readonly Pick<Operator, 'id' | 'name'>[];
  channels: readonly Pick<Channel, 'id' | 'displayPhoneNumber'>[];
}) {
  const active = countActiveFilters(filter);
  const set = (patch: Partial<ConversationFilter>) => onChange(normalizeFilter({ ...filter, ...patch }));
  // Comboboxes render inside the popover, so a pick is not read as a click outside it.
  const inside = { withinPortal: false } as const;

  const dateRange = (label: string, fromKey: keyof ConversationFilter, toKey: keyof ConversationFilter) => (
    <div>
      <Text size="sm" fw={500} mb={4}>
        {label}
      </Text>
      <SimpleGrid cols={2} spacing="xs">
        <TextInput
          type="date"
          label={s.filters.from}
          size="xs"
          value={msToDateInput(filter[fromKey] as number | undefined)}
          onChange={(e) => set({ [fromKey]: dateInputToMs(e.currentTarget.value, 'start') })}
          data-testid={`filter-${fromKey}`}
        />
        <TextInput
          type="date"
          label={s.filters.to}
          size="xs"
          value={msToDateInput(filter[toKey] as number | undefined)}
          onChange={(e) => set({ [toKey]: dateInputToMs(e.currentTarget.value, 'end') })}
          data-testid={`filter-${toKey}`}
        />
      </SimpleGrid>
    </div>
  );

  return (
    <Stack gap="sm">
      <Text fw={600}>{s.filters.title}</Text>
      <MultiSelect
        label={s.filters.status}
        size="xs"
        data={STATUSES.map((v) => ({ value: v, label: s.status[v] }))}
        value={filter.statuses ?? []}
        onChange={(v) => set({ statuses: v as Status[] })}
        comboboxProps={inside}
        clearable
        data-testid="filter-status"
      />
      <div>
        <Text size="sm" fw={500} mb={4} id="filter-awaiting-label">
          {s.filters.awaiting}
        </Text>
        <SegmentedControl
          size="xs"
          fullWidth
          aria-labelledby="filter-awaiting-label"
          value={filter.awaitingReply === undefined ? 'any' : filter.awaitingReply ? 'yes' : 'no'}
          onChange={(v) => set({ awaitingReply: v === 'any' ? undefined : v === 'yes' })}
          data={[
            { value: 'any', label: s.filters.awaitingAny },
            { value: 'yes', label: s.filters.awaitingYes },
            { value: 'no', label: s.filters.awaitingNo },
          ]}
          data-testid="filter-awaiting"
        />
      </div>
      <Switch
        label={s.filters.unreadOnly}
        checked={filter.unreadOnly === true}
        onChange={(e) => set({ unreadOnly: e.currentTarget.checked || undefined })}
        data-testid="filter-unread"
      />
      <MultiSelect
        label={s.filters.operator}
        placeholder={filter.operatorIds?.length ? undefined : s.filters.operatorPlaceholder}
        size="xs"
        data={operators.map((o) => ({ value: o.id, label: o.name }))}
        value={filter.operatorIds ?? []}
        onChange={(v) => set({ operatorIds: v })}
        comboboxProps={inside}
        searchable
        clearable
        data-testid="filter-operator"
      />
      <MultiSelect
        label={s.filters.channel}
        placeholder={filter.channelIds?.length ? undefined : s.filters.channelPlaceholder}
        size="xs"
        data={channels.map((c) => ({ value: c.id, label: c.displayPhoneNumber }))}
        value={filter.channelIds ?? []}
        onChange={(v) => set({ channelIds: v.slice(0, 2) })}
        comboboxProps={inside}
        clearable
        data-testid="filter-channel"
      />
      <div>
        <Text size="sm" fw={500} mb={4} id="filter-direction-label">
          {s.filters.direction}
        </Text>
        <SegmentedControl
          size="xs"
          fullWidth
          aria-labelledby="filter-direction-label"
          value={filter.direction ?? 'any'}
          onChange={(v) => set({ direction: v === 'in' || v === 'out' ? v : undefined })}
          data={[
            { value: 'any', label: s.filters.directionAny },
            { value: 'in', label: s.direction.in },
            { value: 'out', label: s.direction.out },
          ]}
        />
      </div>
      {dateRange(s.filters.lastMessageDate, 'lastMessageFrom', 'lastMessageTo')}
      {dateRange(s.filters.createdDate, 'createdFrom', 'createdTo')}
      <Group justify="space-between">
        <Button variant="subtle" size="xs" onClick={() => onChange({})} disabled={active === 0}>
          {s.filters.clear}
        </Button>
      </Group>
    </Stack>
  );
}
