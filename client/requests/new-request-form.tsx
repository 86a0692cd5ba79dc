import { Alert, Button, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { useState } from 'react';
import { REQUEST_PRIORITIES } from '../../schema/mutators/requests.ts';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import { ct } from '../i18n/conversation-strings.ts';

export type NewRequestDraft = {
  /** Changes whenever the operator asks for a new form (another message), so the form resets. */
  key: string;
  sourceMessageId: string | null;
  description: string;
  suggestedName: string;
};

type Priority = (typeof REQUEST_PRIORITIES)[number];

/**
 * Right pane: the standard request form, prefilled from the conversation: the contact is the customer,
 * the description the customer's message. Saving creates it through `requests.create`; the browser
 * shows it at once with a provisional code, and the server's REQ-000123 replaces it.
 */
export function NewRequestForm({
  conversationId,
  contactLabel,
  draft,
  onCreated,
  onCancel,
}: {
  conversationId: string;
  contactLabel: string;
  draft: NewRequestDraft;
  onCreated: (id: string) => void;
  onCancel: () => void;
}) {
  const z = useZero();
  const [companies] = useQuery(queries.catalog.companies());
  const [templates] = useQuery(queries.catalog.requestTemplates());
  const [name, setName] = useState(draft.suggestedName);
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [priority, setPriority] = useState<Priority>('normal');
  const [description, setDescription] = useState(draft.description);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    setError(null);
    const id = crypto.randomUUID();
    const result = z.mutate(
      mutators.requests.create({
        id,
        name: name.trim(),
        description,
        companyId,
        requestTemplateId: templateId,
        priority,
        conversationId,
        sourceMessageId: draft.sourceMessageId,
        now: Date.now(),
      }),
    );
    const local = await result.client;
    if (local.type === 'error') return setError(local.error.message);
    onCreated(id);
    const server = await result.server;
    if (server.type === 'error' && server.error.type === 'app') setError(server.error.message);
  };

  return (
    <Stack gap="xs" p="sm" data-testid="new-request-form">
      <Text fw={600}>{ct.requests.formTitle}</Text>
      <TextInput
        label={ct.requests.name}
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        maxLength={200}
        data-autofocus
        data-testid="request-name"
      />
      <Select
        label={ct.requests.company}
        data={companies.map((c) => ({ value: c.id, label: c.name }))}
        value={companyId}
        onChange={setCompanyId}
        searchable
        clearable
        data-testid="request-company"
      />
      <Select
        label={ct.requests.template}
        data={templates.map((t) => ({ value: t.id, label: t.name }))}
        value={templateId}
        onChange={setTemplateId}
        clearable
        data-testid="request-template"
      />
      <TextInput label={ct.requests.contact} value={contactLabel} readOnly data-testid="request-contact" />
      <Select
        label={ct.requests.priority}
        data={REQUEST_PRIORITIES.map((p) => ({ value: p, label: ct.requests.priorities[p] }))}
        value={priority}
        onChange={(v) => v && setPriority(v as Priority)}
        allowDeselect={false}
      />
      <Textarea
        label={ct.requests.description}
        autosize
        minRows={4}
        maxRows={14}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        data-testid="request-description"
      />
      {error && <Alert color="red">{error}</Alert>}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onCancel}>
          {ct.requests.cancel}
        </Button>
        <Button onClick={() => void save()} disabled={!name.trim()} data-testid="request-save">
          {ct.requests.save}
        </Button>
      </Group>
    </Stack>
  );
}
