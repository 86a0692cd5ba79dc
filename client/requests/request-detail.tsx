import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  CloseButton,
  Divider,
  FileButton,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { IconMessage, IconPaperclip, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { contactLabel } from '../../schema/contact-label.ts';
import { displaySafeName } from '../../schema/display-safe-text.ts';
import { REQUEST_STATUSES } from '../../schema/mutators/requests.ts';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import type { RequestStatus } from '../../schema/schema.ts';
import { ChoiceSelect } from '../app/choice-select.tsx';
import { growingTextarea } from '../app/growing-textarea.ts';
import { fileUrl } from '../conversation/types.ts';
import { uploadFile } from '../conversation/upload-file.ts';
import { ct } from '../i18n/conversation-strings.ts';
import { RequestCode } from './request-badges.tsx';
import { CatalogSelect, PrioritySelect, type RequestPriority } from './request-field-selects.tsx';

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Right pane: one request with its fields, tags, attachments and discussion, all live. */
export function RequestDetail({
  id,
  canWrite,
  onClose,
}: {
  id: string;
  canWrite: boolean;
  onClose: () => void;
}) {
  const z = useZero();
  const [request, status] = useQuery(queries.requests.byId({ id }));
  const [tags] = useQuery(queries.catalog.tags());
  const [name, setName] = useState('');
  const [post, setPost] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  useEffect(() => setName(request?.name ?? ''), [request?.name]);

  if (!request) {
    return (
      <Text p="sm" c="dimmed">
        {status.type === 'complete' ? ct.view.notFound : ct.view.loading}
      </Text>
    );
  }

  const run = async (p: { client: Promise<{ type: string }>; server: Promise<unknown> }) => {
    setError(null);
    const r = (await p.server) as { type: string; error?: { type: string; message: string } };
    if (r.type === 'error' && r.error?.type === 'app') setError(r.error.message);
  };
  const update = (changes: {
    name?: string;
    status?: RequestStatus;
    priority?: RequestPriority;
    companyId?: string | null;
    requestTemplateId?: string | null;
  }) => void run(z.mutate(mutators.requests.update({ id, ...changes, now: Date.now() })));

  const tagIds = new Set(request.tags.map((t) => t.id));
  const addFile = async (file: File | null) => {
    if (!file) return;
    setUploading(true);
    setError(null);
    try {
      const uploaded = await uploadFile(file, 'request');
      await run(
        z.mutate(mutators.requests.attachFile({ requestId: id, attachmentId: uploaded.id, now: Date.now() })),
      );
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setUploading(false);
    }
  };
  const addPost = () => {
    const body = post.trim();
    if (!body) return;
    setPost('');
    void run(
      z.mutate(mutators.requests.addPost({ id: crypto.randomUUID(), requestId: id, body, now: Date.now() })),
    );
  };

  return (
    <Stack gap="xs" p="sm" data-testid="request-detail" data-request-id={id}>
      <Group justify="space-between" wrap="nowrap">
        <RequestCode code={request.code} size="md" />
        <CloseButton aria-label={ct.requests.close} onClick={onClose} />
      </Group>
      {error && (
        <Alert color="red" py={4} withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      <TextInput
        label={ct.requests.name}
        value={name}
        readOnly={!canWrite}
        onChange={(e) => setName(e.currentTarget.value)}
        onBlur={() => name.trim() && name !== request.name && update({ name: name.trim() })}
        onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        data-testid="detail-name"
      />
      <Group grow gap="xs">
        <ChoiceSelect
          label={ct.requests.status}
          choices={REQUEST_STATUSES}
          labelOf={(status) => ct.requests.statuses[status]}
          value={request.status}
          onChange={(status) => update({ status })}
          disabled={!canWrite}
          data-testid="detail-status"
        />
        <PrioritySelect
          value={request.priority as RequestPriority}
          onChange={(priority) => update({ priority })}
          disabled={!canWrite}
        />
      </Group>
      <CatalogSelect
        catalog="company"
        value={request.companyId ?? null}
        onChange={(v) => update({ companyId: v })}
        disabled={!canWrite}
        data-testid="detail-company"
      />
      <CatalogSelect
        catalog="template"
        value={request.requestTemplateId ?? null}
        onChange={(v) => update({ requestTemplateId: v })}
        disabled={!canWrite}
      />
      <TextInput
        label={ct.requests.contact}
        value={request.contact ? `${contactLabel(request.contact)} (${request.contact.phone})` : ''}
        readOnly
      />
      <Box>
        <Text size="sm" fw={500}>
          {ct.requests.description}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="detail-description">
          {request.description}
        </Text>
      </Box>

      <Divider label={ct.requests.tags} labelPosition="left" />
      <Group gap={4} data-testid="detail-tags">
        {request.tags.map((t) => (
          <Badge
            key={t.id}
            color={t.color}
            variant="light"
            data-testid="detail-tag"
            rightSection={
              canWrite ? (
                <CloseButton
                  size="xs"
                  aria-label={`Remove tag ${t.name}`}
                  onClick={() =>
                    void run(z.mutate(mutators.requests.removeTag({ requestId: id, tagId: t.id })))
                  }
                />
              ) : null
            }
          >
            {t.name}
          </Badge>
        ))}
        {canWrite && (
          <Select
            size="xs"
            w={140}
            placeholder={ct.requests.addTag}
            aria-label={ct.requests.addTag}
            data={tags.filter((t) => !tagIds.has(t.id)).map((t) => ({ value: t.id, label: t.name }))}
            value={null}
            onChange={(v) => v && void run(z.mutate(mutators.requests.addTag({ requestId: id, tagId: v })))}
            searchable
            data-testid="detail-add-tag"
          />
        )}
      </Group>

      <Divider label={ct.requests.attachments} labelPosition="left" />
      <Stack gap={4} data-testid="detail-attachments">
        {request.attachments.map((a) => (
          <Group key={a.id} gap={6} wrap="nowrap" data-testid="detail-attachment">
            <IconPaperclip size={14} />
            <Anchor href={fileUrl(a.id, true)} size="sm" style={{ flex: 1 }} truncate>
              {displaySafeName(a.filename ?? '') || a.id}
            </Anchor>
            {canWrite && (
              <ActionIcon
                size="sm"
                variant="subtle"
                color="red"
                aria-label={`${ct.requests.removeAttachment} ${displaySafeName(a.filename ?? '')}`}
                onClick={() =>
                  void run(z.mutate(mutators.requests.detachFile({ requestId: id, attachmentId: a.id })))
                }
              >
                <IconTrash size={14} />
              </ActionIcon>
            )}
          </Group>
        ))}
        {canWrite && (
          <FileButton onChange={(f) => void addFile(f)}>
            {(props) => (
              <Button
                {...props}
                size="compact-xs"
                variant="default"
                loading={uploading}
                w="fit-content"
                data-testid="detail-add-file"
              >
                {ct.requests.addAttachment}
              </Button>
            )}
          </FileButton>
        )}
      </Stack>

      <Divider label={ct.requests.discussion} labelPosition="left" />
      <Stack gap={6} data-testid="detail-posts">
        {request.posts.length === 0 && (
          <Text size="xs" c="dimmed">
            {ct.requests.noPosts}
          </Text>
        )}
        {request.posts.map((p) => (
          <Paper key={p.id} withBorder p={6} radius="sm" data-testid="request-post">
            <Group justify="space-between" gap={4} wrap="nowrap">
              <Text size="xs" fw={600}>
                {p.author?.name ?? ''}
              </Text>
              <Group gap={4} wrap="nowrap">
                {p.sourceMessageId && (
                  <Badge size="xs" variant="light" leftSection={<IconMessage size={10} />}>
                    {ct.requests.fromChat}
                  </Badge>
                )}
                <Text size="xs" c="dimmed">
                  {dateFmt.format(p.createdAt)}
                </Text>
              </Group>
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {p.body}
            </Text>
          </Paper>
        ))}
        {canWrite && (
          <Group align="flex-end" gap={4} wrap="nowrap">
            <Textarea
              style={{ flex: 1 }}
              {...growingTextarea(6)}
              placeholder={ct.requests.postPlaceholder}
              aria-label={ct.requests.postPlaceholder}
              value={post}
              onChange={(e) => setPost(e.currentTarget.value)}
              data-testid="post-input"
            />
            <Button size="xs" onClick={addPost} disabled={!post.trim()} data-testid="post-add">
              {ct.requests.addPost}
            </Button>
          </Group>
        )}
      </Stack>
    </Stack>
  );
}
