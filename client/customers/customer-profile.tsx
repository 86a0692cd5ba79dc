import {
  Badge,
  Box,
  Button,
  Divider,
  Group,
  Stack,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { memo, useState } from 'react';
import { contactLabel } from '../../schema/contact-label.ts';
import { CustomerFields } from '../../schema/mutators/customers.ts';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import { growingTextarea } from '../app/growing-textarea.ts';
import { SUCCESS } from '../app/text-colors.ts';
import { useRoute } from '../app/use-route.ts';
import { formatTableDate } from '../chats/format-date.ts';
import { useOpenConversation } from '../chats/use-open-conversation.ts';
import { ct } from '../i18n/conversation-strings.ts';
import { customerStrings as cs } from '../i18n/customer-strings.ts';

/**
 * Who the customer is, across business numbers: the conversation's right pane while no request is open.
 * Their conversations on every number the operator sees, their requests, and what the team noted.
 */
export const CustomerProfile = memo(function CustomerProfile(props: {
  contactId: string;
  conversationId: string;
  canWrite: boolean;
  onOpenRequest: (id: string) => void;
}) {
  const [customer] = useQuery(queries.customers.profile({ contactId: props.contactId }));
  const [, navigate] = useRoute();
  const openConversation = useOpenConversation(navigate);
  if (!customer) {
    return (
      <Text p="md" size="sm" c="dimmed">
        {cs.loading}
      </Text>
    );
  }
  const name = contactLabel(customer);
  const numbers = [...new Set(customer.conversations.map((c) => c.businessNumber))];
  return (
    <Stack p="md" gap="sm" data-testid="customer-profile">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {cs.heading}
      </Text>
      <Text fw={700} size="lg" style={{ wordBreak: 'break-word' }}>
        {name}
      </Text>
      {customer.phone && <Field label={cs.phone} value={customer.phone} />}
      {customer.username && <Field label={cs.username} value={`@${customer.username}`} />}
      <Field label={cs.wroteTo} value={numbers.join(', ')} />
      <NotesForm
        key={customer.id}
        contactId={customer.id}
        initial={{ email: customer.email, companyName: customer.companyName, notes: customer.notes }}
        canWrite={props.canWrite}
      />
      <Divider />
      <Text size="sm" fw={600}>
        {cs.conversations(customer.conversations.length)}
      </Text>
      <Stack gap={4} data-testid="customer-conversations">
        {customer.conversations.map((c) => (
          <UnstyledButton
            key={c.id}
            onClick={() => c.id !== props.conversationId && openConversation(c.id)}
            aria-current={c.id === props.conversationId ? 'page' : undefined}
            style={{ borderRadius: 4, padding: 4 }}
          >
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={c.id === props.conversationId ? 700 : 500}>
                #{c.number}
              </Text>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {c.businessNumber}
              </Text>
              <Badge size="xs" variant="light">
                {cs.states[c.state] ?? c.state}
              </Badge>
              {c.id === props.conversationId && (
                <Text size="xs" c="dimmed">
                  ({cs.thisOne})
                </Text>
              )}
              <Text size="xs" c="dimmed" ml="auto" style={{ whiteSpace: 'nowrap' }}>
                {formatTableDate(c.lastMessageAt).short}
              </Text>
            </Group>
            <Text size="xs" lineClamp={1} c="dimmed">
              {c.lastMessagePreview}
            </Text>
          </UnstyledButton>
        ))}
      </Stack>
      <Divider />
      <Text size="sm" fw={600}>
        {cs.requests(customer.requests.length)}
      </Text>
      <Stack gap={4} data-testid="customer-requests">
        {customer.requests.length === 0 && (
          <Text size="xs" c="dimmed">
            {cs.noRequests}
          </Text>
        )}
        {customer.requests.map((r) => (
          <UnstyledButton key={r.id} onClick={() => props.onOpenRequest(r.id)} style={{ padding: 4 }}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {r.code}
              </Text>
              <Text size="sm" truncate style={{ flex: 1 }}>
                {r.name}
              </Text>
              {/* The body's text colour: the primary outline read at 4:1 on the dark scheme. */}
              <Badge size="xs" variant="default">
                {r.status}
              </Badge>
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
      <Text size="xs" c="dimmed">
        {ct.requests.rightEmpty}
      </Text>
    </Stack>
  );
});

function Field({ label, value }: { label: string; value: string }) {
  return (
    <Box>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-word' }}>
        {value}
      </Text>
    </Box>
  );
}

function NotesForm(props: { contactId: string; initial: CustomerFields; canWrite: boolean }) {
  const z = useZero();
  const [fields, setFields] = useState(props.initial);
  const [state, setState] = useState<{ error?: string; saved?: boolean }>({});
  const parsed = CustomerFields.safeParse(fields);
  const dirty = JSON.stringify(fields) !== JSON.stringify(props.initial);
  const save = async () => {
    if (!parsed.success) return;
    const result = await z.mutate(
      mutators.customers.update({ contactId: props.contactId, ...parsed.data, now: Date.now() }),
    ).client;
    setState(result.type === 'error' ? { error: result.error.message } : { saved: true });
  };
  /** What every input of the form shares: its value, its edit, read-only for a read-only operator. */
  const field = (k: keyof CustomerFields) => ({
    size: 'xs' as const,
    value: fields[k],
    onChange: (e: { currentTarget: { value: string } }) => {
      setFields({ ...fields, [k]: e.currentTarget.value });
      setState({});
    },
    readOnly: !props.canWrite,
  });
  const emailError = parsed.success
    ? undefined
    : parsed.error.issues.find((i) => i.path[0] === 'email')?.message;
  return (
    <Stack gap={6}>
      <TextInput label={cs.email} {...field('email')} error={emailError} />
      <TextInput label={cs.company} {...field('companyName')} />
      <Textarea
        label={cs.notes}
        placeholder={cs.notesPlaceholder}
        {...growingTextarea(6, { minRows: 2 })}
        {...field('notes')}
      />
      {props.canWrite && (
        <Group gap="xs">
          <Button size="compact-sm" disabled={!dirty || !parsed.success} onClick={() => void save()}>
            {cs.save}
          </Button>
          {state.saved && !dirty && (
            <Text size="xs" c={SUCCESS}>
              {cs.saved}
            </Text>
          )}
          {state.error && (
            <Text size="xs" c="red.8">
              {state.error}
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}
