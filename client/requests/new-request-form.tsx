import { Alert, Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useZero } from '@rocicorp/zero/react';
import { useState } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { growingTextarea } from '../app/growing-textarea.ts';
import { ct } from '../i18n/conversation-strings.ts';
import { CatalogSelect, PrioritySelect, type RequestPriority } from './request-field-selects.tsx';

export type NewRequestDraft = {
  /** Changes whenever the operator asks for a new form (another message), so the form resets. */
  key: string;
  sourceMessageId: string | null;
  description: string;
  suggestedName: string;
};

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
  const [name, setName] = useState(draft.suggestedName);
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [priority, setPriority] = useState<RequestPriority>('normal');
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
      <CatalogSelect
        catalog="company"
        value={companyId}
        onChange={setCompanyId}
        data-testid="request-company"
      />
      <CatalogSelect
        catalog="template"
        value={templateId}
        onChange={setTemplateId}
        data-testid="request-template"
      />
      <TextInput label={ct.requests.contact} value={contactLabel} readOnly data-testid="request-contact" />
      <PrioritySelect value={priority} onChange={setPriority} />
      <Textarea
        label={ct.requests.description}
        {...growingTextarea(14, { minRows: 4 })}
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
