import { Badge, Code, SegmentedControl, Stack, Switch, Table, Text } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { useCallback, useEffect, useState } from 'react';
import { queries } from '../../schema/queries.ts';
import { formatTableDate } from '../chats/format-date.ts';
import { settingsStrings as s } from '../i18n/settings-strings.ts';
import { AdminTable } from './admin-table.tsx';
import { settingsFetch } from './settings-api.ts';
import { SettingsSection } from './settings-section.tsx';

const FAMILIES = ['all', 'settings.', 'operator.', 'api_token.', 'auth.'] as const;
type Family = (typeof FAMILIES)[number];

type Attempt = {
  id: number;
  email: string;
  ip: string | null;
  ok: boolean;
  reason: string | null;
  at: number;
};

/** A compact, readable form of an entry's details (changes as "field: from → to"). */
function describeDetails(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  const d = details as Record<string, unknown>;
  const changes = (d.changes ?? d) as Record<string, unknown>;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (value && typeof value === 'object' && 'from' in value && 'to' in value) {
      const v = value as { from: unknown; to: unknown };
      parts.push(`${key}: ${JSON.stringify(v.from)} → ${JSON.stringify(v.to)}`);
    } else if (key !== 'changes') {
      parts.push(`${key}: ${JSON.stringify(value)}`);
    }
  }
  return parts.join('; ');
}

/** Global Settings > Audit log: settings, operator and permission changes, tokens, sign-ins (admins). */
export function AuditLog() {
  const [family, setFamily] = useState<Family>('all');
  const [entries] = useQuery(
    queries.audit.list(family === 'all' ? { limit: 300 } : { actionPrefix: family, limit: 300 }),
  );
  const [operators] = useQuery(queries.operators.list());
  const names = new Map(operators.map((o) => [o.id, o.name]));

  return (
    <Stack>
      <SettingsSection
        title={s.audit.title}
        action={
          <SegmentedControl
            size="xs"
            value={family}
            onChange={(v) => setFamily(v as Family)}
            data={FAMILIES.map((f) => ({ value: f, label: s.audit.families[f] }))}
            aria-label={s.audit.filter}
          />
        }
      >
        <AdminTable
          testId="audit-table"
          minWidth={720}
          striped
          headers={[s.audit.when, s.audit.who, s.audit.action, s.audit.target, s.audit.details]}
        >
          {entries.map((e) => {
            const targetId = e.target?.split(':')[1];
            const target =
              e.target?.startsWith('operator:') && targetId
                ? (names.get(targetId) ?? e.target)
                : (e.target ?? '');
            return (
              <Table.Tr key={e.id} data-testid="audit-row" data-action={e.action}>
                <Table.Td>
                  <Text size="xs" title={formatTableDate(e.at).full}>
                    {formatTableDate(e.at).short}
                  </Text>
                </Table.Td>
                <Table.Td>{e.actorId ? (names.get(e.actorId) ?? e.actorId) : s.audit.system}</Table.Td>
                <Table.Td>
                  <Code>{e.action}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{target}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {describeDetails(e.details)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </AdminTable>
        {entries.length === 0 && <Text c="dimmed">{s.audit.empty}</Text>}
      </SettingsSection>
      <LoginAttempts />
    </Stack>
  );
}

function LoginAttempts() {
  const [failedOnly, setFailedOnly] = useState(false);
  const [attempts, setAttempts] = useState<Attempt[]>([]);
  const load = useCallback(async () => {
    const res = await settingsFetch<{ attempts: Attempt[] }>(
      `/api/settings/audit/logins?limit=100&failedOnly=${failedOnly}`,
    );
    if (res.ok) setAttempts(res.data.attempts);
  }, [failedOnly]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <SettingsSection
      title={s.audit.attempts}
      action={
        <Switch
          label={s.audit.failedOnly}
          checked={failedOnly}
          onChange={(e) => setFailedOnly(e.currentTarget.checked)}
        />
      }
    >
      <AdminTable
        testId="login-attempts"
        minWidth={560}
        headers={[s.audit.when, s.audit.email, s.audit.ip, s.audit.result]}
      >
        {attempts.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>
              <Text size="xs" title={formatTableDate(a.at).full}>
                {formatTableDate(a.at).short}
              </Text>
            </Table.Td>
            <Table.Td>{a.email}</Table.Td>
            <Table.Td>{a.ip ?? ''}</Table.Td>
            <Table.Td>
              {a.ok ? (
                <Badge color="green" variant="light">
                  {s.audit.ok}
                </Badge>
              ) : (
                <Badge color="red" variant="light">
                  {s.audit.reasons[a.reason ?? ''] ?? a.reason}
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </AdminTable>
    </SettingsSection>
  );
}
