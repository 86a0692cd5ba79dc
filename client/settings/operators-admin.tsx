import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  MultiSelect,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { IconDots, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { CreateOperatorInput, SetPasswordInput, UpdateOperatorInput } from '../../schema/operator-admin.ts';
import { lastActiveAt } from '../../schema/operator-presence.ts';
import { queries } from '../../schema/queries.ts';
import { canWrite, maySendTemplates, ROLES, type Role } from '../../schema/roles.ts';
import type { Operator } from '../../schema/schema.ts';
import { fieldErrors } from '../../schema/whatsapp-link.ts';
import { ChoiceSelect } from '../app/choice-select.tsx';
import { formatTableDate } from '../chats/format-date.ts';
import { settingsStrings as s } from '../i18n/settings-strings.ts';
import { AdminTable } from './admin-table.tsx';
import { CopyableValue } from './copyable-value.tsx';
import { settingsFetch } from './settings-api.ts';
import { SettingsSection } from './settings-section.tsx';

const ROLE_COLOR: Record<Role, string> = { admin: 'grape', operator: 'blue', readonly: 'gray' };
const PRESENCE_COLOR = { online: 'green', away: 'yellow', offline: 'gray' } as const;

type Editing =
  | { mode: 'create' }
  | { mode: 'edit'; operator: Operator }
  | { mode: 'password'; operator: Operator };
type Notice = { color: 'green' | 'red'; message: string } | null;

/** Global Settings > Operators: the live operator list with everything an admin changes about them. */
export function OperatorsAdmin({ currentOperatorId }: { currentOperatorId: string }) {
  const [operators] = useQuery(queries.operators.list());
  const [channels] = useQuery(queries.channels.list());
  const [editing, setEditing] = useState<Editing | null>(null);
  const [invite, setInvite] = useState<{ url: string; name: string } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const channelName = new Map(channels.map((c) => [c.id, c.displayPhoneNumber]));
  const now = Date.now();

  const patch = async (o: Operator, body: Record<string, unknown>) => {
    const res = await settingsFetch(`/api/settings/operators/${encodeURIComponent(o.id)}`, {
      method: 'PATCH',
      body,
    });
    setNotice(res.ok ? null : { color: 'red', message: res.message });
  };
  const action = async (o: Operator, path: string) => {
    const res = await settingsFetch<{ revoked?: number; inviteUrl?: string }>(
      `/api/settings/operators/${encodeURIComponent(o.id)}/${path}`,
      { method: 'POST' },
    );
    if (!res.ok) return setNotice({ color: 'red', message: res.message });
    if (res.data.inviteUrl) setInvite({ url: res.data.inviteUrl, name: o.name });
    if (res.data.revoked !== undefined)
      setNotice({ color: 'green', message: s.operators.sessionsRevoked(res.data.revoked) });
  };

  return (
    <SettingsSection
      title={s.operators.title}
      action={
        <Button
          leftSection={<IconUserPlus size={16} />}
          onClick={() => setEditing({ mode: 'create' })}
          data-testid="operator-add"
        >
          {s.operators.add}
        </Button>
      }
    >
      {notice && (
        <Alert color={notice.color} withCloseButton onClose={() => setNotice(null)}>
          {notice.message}
        </Alert>
      )}
      <AdminTable
        testId="operators-admin-table"
        minWidth={720}
        striped
        highlightOnHover
        headers={[
          s.operators.name,
          s.operators.role,
          s.operators.permissions,
          s.operators.status,
          s.operators.lastSeen,
        ]}
        actionsColumn={{ label: s.operators.actions }}
      >
        {operators.map((o) => {
          const presence = o.presence;
          const lastActive = lastActiveAt(o, now);
          return (
            <Table.Tr
              key={o.id}
              data-testid="operator-admin-row"
              data-operator-id={o.id}
              opacity={o.active ? 1 : 0.6}
            >
              <Table.Td>
                <Text size="sm" fw={500}>
                  {o.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {o.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={ROLE_COLOR[o.role]} variant="light" data-testid="operator-role">
                  {s.operators.roles[o.role]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs">
                  {o.channelScope
                    ? o.channelScope.map((id) => channelName.get(id) ?? id).join(', ')
                    : s.operators.allNumbers}
                </Text>
                {!o.canSendTemplates && canWrite(o.role) && (
                  <Text size="xs" c="dimmed">
                    {s.operators.templatesNo}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {o.active ? (
                  <Badge color={PRESENCE_COLOR[presence]} variant="dot">
                    {s.operators.presence[presence]}
                  </Badge>
                ) : (
                  <Badge color="red" variant="outline">
                    {s.operators.inactive}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs" title={formatTableDate(lastActive, now).full}>
                  {formatTableDate(lastActive, now).short}
                </Text>
              </Table.Td>
              <Table.Td>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon
                      variant="subtle"
                      aria-label={`${s.operators.actions}: ${o.name}`}
                      data-testid="operator-actions"
                    >
                      <IconDots size={16} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => setEditing({ mode: 'edit', operator: o })}>
                      {s.operators.edit}
                    </Menu.Item>
                    {o.active && (
                      <>
                        <Menu.Item onClick={() => void action(o, 'invite')}>
                          {s.operators.resetLink}
                        </Menu.Item>
                        <Menu.Item onClick={() => setEditing({ mode: 'password', operator: o })}>
                          {s.operators.setPassword}
                        </Menu.Item>
                        <Menu.Item onClick={() => void action(o, 'revoke-sessions')}>
                          {s.operators.revokeSessions}
                        </Menu.Item>
                      </>
                    )}
                    {o.id !== currentOperatorId && (
                      <Menu.Item
                        color={o.active ? 'red' : undefined}
                        onClick={() => {
                          if (!o.active || window.confirm(s.operators.deactivateConfirm(o.name))) {
                            void patch(o, { active: !o.active });
                          }
                        }}
                        data-testid="operator-toggle-active"
                      >
                        {o.active ? s.operators.deactivate : s.operators.reactivate}
                      </Menu.Item>
                    )}
                  </Menu.Dropdown>
                </Menu>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </AdminTable>
      {editing && editing.mode !== 'password' && (
        <OperatorModal
          editing={editing}
          channels={channels.map((c) => ({ value: c.id, label: c.displayPhoneNumber }))}
          isSelf={editing.mode === 'edit' && editing.operator.id === currentOperatorId}
          onClose={() => setEditing(null)}
          onCreated={(url, name) => setInvite(url ? { url, name } : null)}
        />
      )}
      {editing?.mode === 'password' && (
        <PasswordModal
          operator={editing.operator}
          onClose={() => setEditing(null)}
          onDone={() => setNotice({ color: 'green', message: s.operators.passwordSet })}
        />
      )}
      <Modal
        opened={invite !== null}
        onClose={() => setInvite(null)}
        title={s.operators.inviteTitle}
        size="lg"
      >
        {invite && (
          <Stack>
            <Text size="sm">{invite.name}</Text>
            <CopyableValue value={invite.url} testId="invite-url" />
            <Text size="xs" c="dimmed">
              {s.operators.inviteHint(7)}
            </Text>
          </Stack>
        )}
      </Modal>
    </SettingsSection>
  );
}

function OperatorModal({
  editing,
  channels,
  isSelf,
  onClose,
  onCreated,
}: {
  editing: Exclude<Editing, { mode: 'password' }>;
  channels: { value: string; label: string }[];
  isSelf: boolean;
  onClose: () => void;
  onCreated: (inviteUrl: string | null, name: string) => void;
}) {
  const o = editing.mode === 'edit' ? editing.operator : null;
  const [name, setName] = useState(o?.name ?? '');
  const [email, setEmail] = useState(o?.email ?? '');
  const [role, setRole] = useState<Role>(o?.role ?? 'operator');
  const [canSendTemplates, setCanSendTemplates] = useState(o?.canSendTemplates ?? true);
  const [allNumbers, setAllNumbers] = useState(!o?.channelScope);
  const [scope, setScope] = useState<string[]>(o?.channelScope ?? []);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const body = {
      name,
      email,
      role,
      canSendTemplates,
      channelScope: allNumbers ? null : scope,
      ...(editing.mode === 'create' && password ? { password } : {}),
    };
    const parsed = (editing.mode === 'create' ? CreateOperatorInput : UpdateOperatorInput).safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    setBusy(true);
    const res =
      editing.mode === 'create'
        ? await settingsFetch<{ id: string; inviteUrl?: string }>('/api/settings/operators', {
            method: 'POST',
            body,
          })
        : await settingsFetch(`/api/settings/operators/${encodeURIComponent(editing.operator.id)}`, {
            method: 'PATCH',
            body,
          });
    setBusy(false);
    if (!res.ok) {
      setErrors(res.fields);
      return setFormError(Object.keys(res.fields).length ? null : res.message);
    }
    if (editing.mode === 'create') {
      const data = res.data as { inviteUrl?: string };
      onCreated(data.inviteUrl ?? null, name);
    }
    onClose();
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={editing.mode === 'create' ? s.operators.add : `${s.operators.edit}: ${o?.name}`}
    >
      <Stack data-testid="operator-form">
        <TextInput
          label={s.operators.name}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          required
          data-autofocus
        />
        <TextInput
          label={s.operators.email}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.email}
          required
        />
        <ChoiceSelect
          label={s.operators.role}
          choices={ROLES}
          labelOf={(r) => s.operators.roles[r]}
          value={role}
          onChange={setRole}
          disabled={isSelf}
          error={errors.role}
          data-testid="operator-role-select"
        />
        <Checkbox
          label={s.operators.canSendTemplates}
          checked={maySendTemplates({ role, canSendTemplates })}
          disabled={!canWrite(role)}
          onChange={(e) => setCanSendTemplates(e.currentTarget.checked)}
        />
        <Checkbox
          label={s.operators.allNumbers}
          checked={allNumbers}
          onChange={(e) => setAllNumbers(e.currentTarget.checked)}
          data-testid="operator-all-numbers"
        />
        {!allNumbers && (
          <MultiSelect
            label={s.operators.channelScope}
            data={channels}
            value={scope}
            onChange={setScope}
            error={errors.channelScope}
            data-testid="operator-scope"
          />
        )}
        {editing.mode === 'create' && (
          <PasswordInput
            label={s.operators.password}
            description={s.operators.passwordHint}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
            autoComplete="new-password"
          />
        )}
        {formError && <Alert color="red">{formError}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {s.operators.cancel}
          </Button>
          <Button onClick={() => void submit()} loading={busy} data-testid="operator-submit">
            {editing.mode === 'create' ? s.operators.create : s.operators.save}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function PasswordModal({
  operator,
  onClose,
  onDone,
}: {
  operator: Operator;
  onClose: () => void;
  onDone: () => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async () => {
    const parsed = SetPasswordInput.safeParse({ password });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    const res = await settingsFetch(`/api/settings/operators/${encodeURIComponent(operator.id)}/password`, {
      method: 'POST',
      body: { password },
    });
    if (!res.ok) return setError(res.fields.password ?? res.message);
    onDone();
    onClose();
  };
  return (
    <Modal opened onClose={onClose} title={`${s.operators.setPassword}: ${operator.name}`}>
      <Stack>
        <PasswordInput
          label={s.operators.newPassword}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={error}
          autoComplete="new-password"
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {s.operators.cancel}
          </Button>
          <Button onClick={() => void submit()}>{s.operators.save}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
