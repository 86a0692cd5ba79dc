import {
  Alert,
  Group,
  Modal,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { IconSearch } from '@tabler/icons-react';
import { memo, useState } from 'react';
import { contactLabel } from '../../schema/contact-label.ts';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import { ct } from '../i18n/conversation-strings.ts';
import { RequestCode, StatusBadge } from './request-badges.tsx';

/**
 * "Add to request": pick a recent request (searchable by code or name); the message becomes a post. The
 * customer's own requests come first, and every request names its customer, so a message is not filed
 * under somebody else's request by mistake.
 */
export const AddToRequestModal = memo(function AddToRequestModal({
  message,
  contactId,
  onClose,
  onAdded,
}: {
  message: { id: string; body: string; type: string } | null;
  /** The conversation's customer. */
  contactId: string;
  onClose: () => void;
  onAdded: (requestId: string) => void;
}) {
  const z = useZero();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const [theirs] = useQuery(queries.requests.recent({ search: debounced, contactId }));
  const [recent] = useQuery(queries.requests.recent({ search: debounced }));
  const theirIds = new Set(theirs.map((r) => r.id));
  const requests = [...theirs, ...recent.filter((r) => !theirIds.has(r.id))];
  const [error, setError] = useState<string | null>(null);

  const pick = async (requestId: string) => {
    if (!message) return;
    setError(null);
    const result = z.mutate(
      mutators.requests.addPost({
        id: crypto.randomUUID(),
        requestId,
        body: '',
        sourceMessageId: message.id,
        now: Date.now(),
      }),
    );
    const local = await result.client;
    if (local.type === 'error') return setError(local.error.message);
    setSearch('');
    onAdded(requestId);
  };

  return (
    <Modal
      opened={message !== null}
      onClose={onClose}
      title={ct.requests.pickRequest}
      data-testid="add-to-request"
    >
      <Stack gap="sm">
        {message && (
          <Paper withBorder p="xs" bg="var(--mantine-color-default-hover)">
            <Text size="sm" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>
              {message.body || `[${message.type}]`}
            </Text>
          </Paper>
        )}
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={ct.requests.pickSearch}
          aria-label={ct.requests.pickSearch}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-autofocus
          data-testid="add-to-request-search"
        />
        {error && <Alert color="red">{error}</Alert>}
        <ScrollArea.Autosize mah={360}>
          <Stack gap={4}>
            {requests.length === 0 && (
              <Text size="sm" c="dimmed">
                {ct.requests.pickNone}
              </Text>
            )}
            {requests.map((r) => (
              <UnstyledButton key={r.id} onClick={() => void pick(r.id)} data-testid="add-to-request-option">
                <Paper withBorder p={6}>
                  <Group justify="space-between" wrap="nowrap">
                    <RequestCode code={r.code} />
                    <StatusBadge status={r.status} />
                  </Group>
                  <Text size="sm" lineClamp={1}>
                    {r.name}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={1} data-testid="add-to-request-customer">
                    {r.contact
                      ? theirIds.has(r.id)
                        ? ct.requests.pickThisCustomer(contactLabel(r.contact))
                        : contactLabel(r.contact)
                      : ct.requests.pickNoCustomer}
                  </Text>
                </Paper>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Stack>
    </Modal>
  );
});
