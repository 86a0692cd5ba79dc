import { Alert, Badge, Button, Group, Modal, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { useState } from 'react';
import { CannedResponseFields } from '../../schema/canned-response.ts';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import type { CannedResponse } from '../../schema/schema.ts';
import { cannedStrings } from '../i18n/canned-strings.ts';

type Draft = { id: string; shortcut: string; title: string; body: string; shared: boolean };

const empty = (): Draft => ({ id: crypto.randomUUID(), shortcut: '', title: '', body: '', shared: false });

/** Lists the operator's and the team's canned responses and edits those they may change. */
export function CannedResponsesModal(props: {
  opened: boolean;
  onClose: () => void;
  operator: { id: string; role: string };
}) {
  const z = useZero();
  const [responses] = useQuery(queries.cannedResponses.mine());
  const [editing, setEditing] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isAdmin = props.operator.role === 'admin';
  const mayEdit = (r: CannedResponse) => (r.ownerId == null ? isAdmin : r.ownerId === props.operator.id);

  const save = async (d: Draft) => {
    const parsed = CannedResponseFields.safeParse(d);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'Invalid');
    const result = await z.mutate(
      mutators.cannedResponses.save({ id: d.id, shared: d.shared, ...parsed.data, now: Date.now() }),
    ).client;
    if (result.type === 'error') return setError(result.error.message);
    setError(null);
    setEditing(null);
  };

  return (
    <Modal opened={props.opened} onClose={props.onClose} title={cannedStrings.modalTitle} size="lg">
      <Stack gap="sm" data-testid="canned-responses">
        {responses.map((r) => (
          <Group key={r.id} justify="space-between" wrap="nowrap" align="flex-start" data-testid="canned-row">
            <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
              <Group gap={6}>
                <Text size="sm" fw={600}>
                  /{r.shortcut}
                </Text>
                <Text size="sm">{r.title}</Text>
                {r.ownerId == null && (
                  <Badge size="xs" variant="light">
                    {cannedStrings.sharedBadge}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-wrap' }}>
                {r.body}
              </Text>
            </Stack>
            {mayEdit(r) && (
              <Group gap={4} wrap="nowrap">
                <Button
                  size="compact-sm"
                  variant="subtle"
                  onClick={() =>
                    setEditing({
                      id: r.id,
                      shortcut: r.shortcut,
                      title: r.title,
                      body: r.body,
                      shared: r.ownerId == null,
                    })
                  }
                >
                  {cannedStrings.edit}
                </Button>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  onClick={() => z.mutate(mutators.cannedResponses.delete({ id: r.id }))}
                >
                  {cannedStrings.delete}
                </Button>
              </Group>
            )}
          </Group>
        ))}
        {editing ? (
          <Stack gap="xs">
            <TextInput
              label={cannedStrings.shortcut}
              value={editing.shortcut}
              onChange={(e) => setEditing({ ...editing, shortcut: e.currentTarget.value })}
            />
            <TextInput
              label={cannedStrings.title}
              value={editing.title}
              onChange={(e) => setEditing({ ...editing, title: e.currentTarget.value })}
            />
            <Textarea
              label={cannedStrings.body}
              description={cannedStrings.bodyHelp}
              autosize
              minRows={3}
              value={editing.body}
              onChange={(e) => setEditing({ ...editing, body: e.currentTarget.value })}
            />
            <Switch
              label={cannedStrings.shared}
              checked={editing.shared}
              disabled={!isAdmin}
              description={isAdmin ? undefined : cannedStrings.sharedAdminOnly}
              onChange={(e) => setEditing({ ...editing, shared: e.currentTarget.checked })}
            />
            {error && (
              <Alert color="red" py={4}>
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(null)}>
                {cannedStrings.cancel}
              </Button>
              <Button onClick={() => void save(editing)}>{cannedStrings.save}</Button>
            </Group>
          </Stack>
        ) : (
          <Group>
            <Button variant="light" onClick={() => setEditing(empty())}>
              {cannedStrings.add}
            </Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}
