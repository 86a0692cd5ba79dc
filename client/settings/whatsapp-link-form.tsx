import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Code,
  CopyButton,
  Group,
  Loader,
  Paper,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy, IconEye, IconPlugConnected } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import {
  BSUID_ADDRESS_FIELDS,
  type BsuidAddressField,
  type ChannelMode,
  type ConnectionTestResult,
  fieldErrors,
  SECRET_FIELDS,
  type SecretField,
  WhatsappLinkInput,
  type WhatsappLinkView,
} from '../../schema/whatsapp-link.ts';
import { formatTableDate } from '../chats/format-date.ts';
import { settingsStrings as s } from '../i18n/settings-strings.ts';
import { settingsFetch } from './settings-api.ts';

type Draft = {
  mode: ChannelMode;
  primary: { displayPhoneNumber: string; phoneNumberId: string };
  secondary: { displayPhoneNumber: string; phoneNumberId: string } | null;
  wabaId: string;
  graphUrl: string;
  bsuidAddressField: BsuidAddressField;
} & Record<SecretField, string>;

const emptyNumber = { displayPhoneNumber: '', phoneNumberId: '' };

function draftFrom(view: WhatsappLinkView): Draft {
  const num = (n: WhatsappLinkView['primary']) =>
    n ? { displayPhoneNumber: n.displayPhoneNumber, phoneNumberId: n.phoneNumberId } : null;
  return {
    mode: view.mode,
    primary: num(view.primary) ?? { ...emptyNumber },
    secondary: num(view.secondary),
    wabaId: view.wabaId,
    graphUrl: view.graphUrl.startsWith('http') ? view.graphUrl : 'https://graph.facebook.com/v27.0',
    bsuidAddressField: view.bsuidAddressField,
    accessToken: '',
    appSecret: '',
    verifyToken: '',
  };
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The WhatsApp Business link form: validated as the server validates it; secrets write-only. */
export function WhatsappLinkForm() {
  const [view, setView] = useState<WhatsappLinkView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [tests, setTests] = useState<Record<1 | 2, ConnectionTestResult | 'running' | undefined>>({
    1: undefined,
    2: undefined,
  });
  const [verifyShown, setVerifyShown] = useState<string | null>(null);

  const load = useCallback(async () => {
    const res = await settingsFetch<WhatsappLinkView>('/api/settings/whatsapp');
    if (!res.ok) return setLoadError(res.message);
    setView(res.data);
    setDraft(draftFrom(res.data));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (loadError)
    return (
      <Alert color="red" title={s.link.loadFailed}>
        {loadError}
      </Alert>
    );
  if (!view || !draft) return <Loader aria-label="Loading" />;

  const set = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setStatus(null);
  };
  const setNumber = (slot: 'primary' | 'secondary', patch: Partial<Draft['primary']>) => {
    const current = draft[slot] ?? { ...emptyNumber };
    set({ [slot]: { ...current, ...patch } } as Partial<Draft>);
  };

  const validate = (): Record<string, string> => {
    const parsed = WhatsappLinkInput.safeParse(draft);
    const found = parsed.success ? {} : fieldErrors(parsed.error);
    if (draft.mode === 'meta') {
      for (const f of SECRET_FIELDS) {
        if (!draft[f].trim() && !view.secrets[f].set && !found[f])
          found[f] = `Enter the ${s.link[f].toLowerCase()}.`;
      }
    }
    return found;
  };

  const save = async () => {
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    const res = await settingsFetch<WhatsappLinkView>('/api/settings/whatsapp', {
      method: 'PUT',
      body: draft,
    });
    setSaving(false);
    if (!res.ok) {
      setErrors(res.fields);
      setStatus({ kind: 'error', message: res.message });
      return;
    }
    setView(res.data);
    setDraft(draftFrom(res.data));
    setVerifyShown(null);
    setStatus({ kind: 'saved', message: s.link.saved });
  };

  const test = async (slot: 1 | 2) => {
    const number = slot === 1 ? draft.primary : draft.secondary;
    setTests({ ...tests, [slot]: 'running' });
    const res = await settingsFetch<ConnectionTestResult>('/api/settings/whatsapp/test', {
      method: 'POST',
      body: {
        slot,
        draft: {
          mode: draft.mode,
          graphUrl: draft.graphUrl,
          wabaId: draft.wabaId,
          ...(number?.phoneNumberId ? { phoneNumberId: number.phoneNumberId } : {}),
          ...(number?.displayPhoneNumber ? { displayPhoneNumber: number.displayPhoneNumber } : {}),
          ...(draft.accessToken.trim() ? { accessToken: draft.accessToken } : {}),
        },
      },
    });
    setTests((t) => ({
      ...t,
      [slot]: res.ok ? res.data : { ok: false, health: 'error', message: res.message },
    }));
    if (!res.ok && Object.keys(res.fields).length) setErrors(res.fields);
  };

  const revealVerifyToken = async () => {
    const res = await settingsFetch<{ verifyToken: string }>('/api/settings/whatsapp/verify-token');
    if (res.ok) setVerifyShown(res.data.verifyToken);
    return res.ok ? res.data.verifyToken : null;
  };

  const secretInput = (field: SecretField) => {
    const stored = view.secrets[field];
    const placeholder = stored.set
      ? s.link.secretSaved(formatTableDate(stored.updatedAt).short || '')
      : s.link.secretNotSet;
    return (
      <PasswordInput
        label={s.link[field]}
        placeholder={placeholder}
        value={draft[field]}
        onChange={(e) => set({ [field]: e.currentTarget.value } as Partial<Draft>)}
        error={errors[field]}
        autoComplete="new-password"
        data-testid={`link-${field}`}
        data-secret-set={stored.set}
        required={draft.mode === 'meta' && !stored.set}
      />
    );
  };

  const numberFields = (slot: 'primary' | 'secondary') => {
    const n = draft[slot] ?? emptyNumber;
    return (
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={s.link.displayPhoneNumber}
          description={s.link.displayPhoneNumberHint}
          value={n.displayPhoneNumber}
          onChange={(e) => setNumber(slot, { displayPhoneNumber: e.currentTarget.value })}
          error={errors[`${slot}.displayPhoneNumber`]}
          required={slot === 'primary'}
          data-testid={`link-${slot}-display`}
        />
        <TextInput
          label={s.link.phoneNumberId}
          description={s.link.phoneNumberIdHint}
          value={n.phoneNumberId}
          onChange={(e) => setNumber(slot, { phoneNumberId: e.currentTarget.value })}
          error={errors[`${slot}.phoneNumberId`]}
          required={slot === 'primary'}
          inputMode="numeric"
          data-testid={`link-${slot}-id`}
        />
      </SimpleGrid>
    );
  };

  return (
    <Paper withBorder p="md" data-testid="whatsapp-link-form">
      <Stack gap="md">
        <div>
          <Title order={3} size="h4">
            {s.link.title}
          </Title>
          <Text size="sm" c="dimmed">
            {s.link.intro}
          </Text>
        </div>
        <div>
          <Text size="sm" fw={500} mb={4}>
            {s.link.mode}
          </Text>
          <SegmentedControl
            value={draft.mode}
            onChange={(v) => set({ mode: v as ChannelMode })}
            data={[
              { value: 'meta', label: s.link.modes.meta },
              { value: 'simulator', label: s.link.modes.simulator },
            ]}
          />
        </div>

        <Text fw={600}>{s.link.primary}</Text>
        {numberFields('primary')}
        {draft.secondary ? (
          <>
            <Group justify="space-between">
              <Text fw={600}>{s.link.secondary}</Text>
              <Anchor component="button" type="button" size="sm" onClick={() => set({ secondary: null })}>
                {s.link.removeSecondary}
              </Anchor>
            </Group>
            {numberFields('secondary')}
          </>
        ) : (
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => set({ secondary: { ...emptyNumber } })}
            data-testid="link-add-secondary"
          >
            {s.link.addSecondary}
          </Anchor>
        )}

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={s.link.wabaId}
            value={draft.wabaId}
            onChange={(e) => set({ wabaId: e.currentTarget.value })}
            error={errors.wabaId}
            required={draft.mode === 'meta'}
            data-testid="link-waba"
          />
          <TextInput
            label={s.link.graphUrl}
            value={draft.graphUrl}
            onChange={(e) => set({ graphUrl: e.currentTarget.value })}
            error={errors.graphUrl}
            required={draft.mode === 'meta'}
            data-testid="link-graph-url"
          />
        </SimpleGrid>
        {draft.mode === 'meta' && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {s.link.bsuidAddressField}
            </Text>
            <SegmentedControl
              value={draft.bsuidAddressField}
              onChange={(v) => set({ bsuidAddressField: v as BsuidAddressField })}
              data={BSUID_ADDRESS_FIELDS.map((f) => ({ value: f, label: f }))}
              data-testid="link-bsuid-field"
              style={{ alignSelf: 'flex-start' }}
            />
            <Text size="xs" c="dimmed">
              {s.link.bsuidAddressFieldHint}
            </Text>
          </Stack>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {secretInput('accessToken')}
          {secretInput('appSecret')}
          <Stack gap={4}>
            {secretInput('verifyToken')}
            <Anchor
              component="button"
              type="button"
              size="xs"
              ta="left"
              onClick={() => set({ verifyToken: randomToken() })}
            >
              {s.link.generate}
            </Anchor>
          </Stack>
        </SimpleGrid>

        {status && (
          <Alert
            color={status.kind === 'saved' ? 'green' : 'red'}
            title={status.kind === 'error' ? s.link.saveFailed : undefined}
            data-testid="link-status"
          >
            {status.message}
          </Alert>
        )}
        <Group>
          <Button onClick={() => void save()} loading={saving} data-testid="link-save">
            {s.link.save}
          </Button>
          <Button
            variant="default"
            leftSection={<IconPlugConnected size={16} />}
            onClick={() => void test(1)}
            loading={tests[1] === 'running'}
            data-testid="link-test"
          >
            {s.link.test}
          </Button>
          {draft.secondary && (
            <Button variant="default" onClick={() => void test(2)} loading={tests[2] === 'running'}>
              {s.link.testSecond}
            </Button>
          )}
        </Group>
        {([1, 2] as const).map((slot) => {
          const r = tests[slot];
          if (!r || r === 'running') return null;
          return <TestResult key={slot} result={r} />;
        })}

        <Paper withBorder p="sm" bg="var(--mantine-color-default-hover)">
          <Stack gap={6}>
            <Text fw={600} size="sm">
              {s.link.webhookTitle}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <Text size="sm" w={110}>
                {s.link.webhookUrl}
              </Text>
              <Code data-testid="webhook-url">{view.webhookUrl}</Code>
              <Copy value={view.webhookUrl} />
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Text size="sm" w={110}>
                {s.link.verifyToken}
              </Text>
              <Code data-testid="verify-token">
                {verifyShown ?? (view.secrets.verifyToken.set ? '••••••••••••' : '—')}
              </Code>
              {view.secrets.verifyToken.set && !verifyShown && (
                <Tooltip label={s.link.showVerifyToken}>
                  <ActionIcon
                    variant="subtle"
                    aria-label={s.link.showVerifyToken}
                    onClick={() => void revealVerifyToken()}
                  >
                    <IconEye size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
              {verifyShown && <Copy value={verifyShown} />}
            </Group>
            <Text size="xs" c="dimmed">
              {s.link.subscribeHint}
            </Text>
          </Stack>
        </Paper>
      </Stack>
    </Paper>
  );
}

function Copy({ value }: { value: string }) {
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? s.link.copied : s.link.copy}>
          <ActionIcon
            variant="subtle"
            color={copied ? 'green' : 'gray'}
            onClick={copy}
            aria-label={s.link.copy}
          >
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

function TestResult({ result }: { result: ConnectionTestResult }) {
  const p = result.phone;
  return (
    <Alert
      color={result.ok ? 'green' : 'red'}
      title={result.ok ? s.health.state.ok : s.health.state[result.health]}
      data-testid="link-test-result"
    >
      <Text size="sm">{result.message}</Text>
      {p && (
        <Text size="xs" c="dimmed" mt={4}>
          {[
            p.displayPhoneNumber,
            p.verifiedName,
            p.qualityRating && `quality ${p.qualityRating}`,
            p.platformType,
            p.throughput,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      )}
    </Alert>
  );
}
