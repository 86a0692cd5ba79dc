import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { IconKey } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { CreateApiTokenInput } from '../../schema/operator-admin.ts';
import { queries } from '../../schema/queries.ts';
import { fieldErrors } from '../../schema/whatsapp-link.ts';
import { formatTableDate } from '../chats/format-date.ts';
import { settingsStrings as s } from '../i18n/settings-strings.ts';
import { AdminTable } from './admin-table.tsx';
import { CopyableValue } from './copyable-value.tsx';
import { settingsFetch } from './settings-api.ts';
import { SettingsSection } from './settings-section.tsx';

type TokenView = {
  id: string;
  name: string;
  prefix: string;
  operatorId: string;
  operatorName: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

/** Global Settings > API tokens: created here, shown once, stored hashed; revoked at once. */
export function ApiTokens({ currentOperatorId }: { currentOperatorId: string }) {
  const [tokens, setTokens] = useState<TokenView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  const load = useCallback(async () => {
    const res = await settingsFetch<{ tokens: TokenView[] }>('/api/settings/api-tokens');
    if (res.ok) setTokens(res.data.tokens);
    else setError(res.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (t: TokenView) => {
    if (!window.confirm(s.tokens.revokeConfirm(t.name))) return;
    const res = await settingsFetch(`/api/settings/api-tokens/${encodeURIComponent(t.id)}`, {
      method: 'DELETE',
    });
    if (!res.ok) setError(res.message);
    await load();
  };

  return (
    <SettingsSection
      title={s.tokens.title}
      action={
        <Button
          leftSection={<IconKey size={16} />}
          onClick={() => setCreating(true)}
          data-testid="token-create"
        >
          {s.tokens.create}
        </Button>
      }
    >
      <Text size="sm" c="dimmed">
        {s.tokens.intro}{' '}
        <Anchor href="/api/v1/docs" target="_blank" rel="noreferrer">
          {s.tokens.docs}
        </Anchor>
      </Text>
      {error && (
        <Alert color="red" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      <AdminTable
        testId="tokens-table"
        minWidth={640}
        headers={[s.tokens.name, s.tokens.prefix, s.tokens.operator, s.tokens.created, s.tokens.lastUsed]}
        actionsColumn={{}}
      >
        {(tokens ?? []).map((t) => (
          <Table.Tr key={t.id} data-testid="token-row" opacity={t.revokedAt ? 0.55 : 1}>
            <Table.Td>{t.name}</Table.Td>
            <Table.Td>
              <Code>{t.prefix ? `${t.prefix}…` : s.tokens.fromEnvironment}</Code>
            </Table.Td>
            <Table.Td>{t.operatorName}</Table.Td>
            <Table.Td>{formatTableDate(t.createdAt).short}</Table.Td>
            <Table.Td>{t.lastUsedAt ? formatTableDate(t.lastUsedAt).short : s.tokens.never}</Table.Td>
            <Table.Td>
              {t.revokedAt ? (
                <Badge color="gray">{s.tokens.revoked}</Badge>
              ) : (
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => void revoke(t)}
                  data-testid="token-revoke"
                >
                  {s.tokens.revoke}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </AdminTable>
      {creating && (
        <CreateTokenModal
          currentOperatorId={currentOperatorId}
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreated(c);
            void load();
          }}
        />
      )}
      <Modal
        opened={created !== null}
        onClose={() => setCreated(null)}
        title={created?.name}
        size="lg"
        closeOnClickOutside={false}
      >
        {created && (
          <Stack>
            <Alert color="yellow">{s.tokens.shownOnce}</Alert>
            <CopyableValue value={created.token} testId="token-value" />
            <Group justify="flex-end">
              <Button onClick={() => setCreated(null)}>{s.tokens.done}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </SettingsSection>
  );
}

function CreateTokenModal({
  currentOperatorId,
  onClose,
  onCreated,
}: {
  currentOperatorId: string;
  onClose: () => void;
  onCreated: (c: { name: string; token: string }) => void;
}) {
  const [operators] = useQuery(queries.operators.list());
  const [name, setName] = useState('');
  const [operatorId, setOperatorId] = useState(currentOperatorId);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async () => {
    const body = { name, operatorId };
    const parsed = CreateApiTokenInput.safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    const res = await settingsFetch<{ id: string; token: string }>('/api/settings/api-tokens', {
      method: 'POST',
      body,
    });
    if (!res.ok)
      return setErrors({ ...res.fields, ...(Object.keys(res.fields).length ? {} : { name: res.message }) });
    onCreated({ name, token: res.data.token });
    onClose();
  };
  return (
    <Modal opened onClose={onClose} title={s.tokens.create}>
      <Stack>
        <TextInput
          label={s.tokens.name}
          description={s.tokens.nameHint}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          data-autofocus
          data-testid="token-name"
        />
        <Select
          label={s.tokens.operator}
          data={operators
            .filter((o) => o.active)
            .map((o) => ({ value: o.id, label: `${o.name} (${s.operators.roles[o.role]})` }))}
          value={operatorId}
          onChange={(v) => v && setOperatorId(v)}
          allowDeselect={false}
          error={errors.operatorId}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {s.operators.cancel}
          </Button>
          <Button onClick={() => void submit()} data-testid="token-submit">
            {s.tokens.create}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
