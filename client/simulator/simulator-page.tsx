import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Container,
  FileButton,
  Group,
  NavLink,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconMapPin, IconPhoto, IconSend, IconX } from '@tabler/icons-react';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { TEXT_MAX_CHARS } from '../../schema/whatsapp/text-limits.ts';
import { simulatorStrings as s } from '../i18n/simulator-strings.ts';
import { MetaEventsMenu } from './meta-events-menu.tsx';
import { PhoneBubble } from './phone-bubble.tsx';
import { CustomerAnswer, type PhoneMessage, SentAnswer, simulatorApi } from './simulator-api.ts';
import { usePhone } from './use-phone.ts';

const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

function useQueryParam(name: string): [string | null, (value: string | null) => void] {
  const [value, setValue] = useState(() => new URLSearchParams(location.search).get(name));
  const set = useCallback(
    (next: string | null) => {
      const params = new URLSearchParams(location.search);
      if (next) params.set(name, next);
      else params.delete(name);
      history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
      setValue(next);
    },
    [name],
  );
  return [value, set];
}

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * /simulator: a customer's WhatsApp on the built-in Cloud API simulator. Pick or create a customer,
 * write, send a photo or a location, react, reply, tap a template's buttons, and watch the business's
 * answers arrive with their delivery status. For signed-in operators (the API answers 401 otherwise, shown
 * as a notice); off in production and once a business number talks to Meta.
 */
export function SimulatorPage() {
  const [phoneNumberId, setPhoneNumberId] = useQueryParam('phone');
  const [waId, setWaId] = useQueryParam('customer');
  const phone = usePhone(phoneNumberId, waId);
  const [name, setName] = useState('');
  const [number, setNumber] = useState('');
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<PhoneMessage | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const viewport = useRef<HTMLDivElement>(null);
  const simulatorChannels = phone.channels.filter((c) => c.mode === 'simulator');
  const customer = phone.customers.find((c) => c.waId === waId) ?? null;
  const lastWamid = phone.messages.at(-1)?.wamid;

  useEffect(() => {
    document.title = s.title;
  }, []);
  useEffect(() => {
    if (lastWamid) viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [lastWamid]);

  const send = async (body: Record<string, unknown>) => {
    if (!waId) return;
    setBusy(true);
    setProblem(null);
    try {
      await simulatorApi(SentAnswer, 'POST', `/customers/${encodeURIComponent(waId)}/messages`, {
        ...body,
        ...(phoneNumberId ? { phoneNumberId } : {}),
      });
      await phone.refresh();
    } catch (err) {
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const submitText = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body) return;
    await send({ type: 'text', text: body, ...(replyTo ? { replyTo: replyTo.wamid } : {}) });
    setText('');
    setReplyTo(null);
  };

  const sendPhoto = async (file: File | null) => {
    if (!file) return;
    if (!['image/jpeg', 'image/png'].includes(file.type) || file.size > PHOTO_MAX_BYTES) {
      setProblem(s.photoTooLarge);
      return;
    }
    await send({
      type: 'image',
      mimeType: file.type,
      dataBase64: await toBase64(file),
      ...(text.trim() ? { caption: text.trim() } : {}),
      ...(replyTo ? { replyTo: replyTo.wamid } : {}),
    });
    setText('');
    setReplyTo(null);
  };

  const createCustomer = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      const created = await simulatorApi(CustomerAnswer, 'POST', '/customers', {
        name: name.trim(),
        ...(number.trim() ? { waId: number.replace(/[^\d]/g, '') } : {}),
      });
      setName('');
      setNumber('');
      setWaId(created.customer.waId);
      await phone.refresh();
    } catch (err) {
      setProblem((err as Error).message);
    }
  };

  if (phone.blocked?.code === 'not_found' && phone.channels.length === 0) {
    return (
      <Container size="sm" py="xl">
        <Alert color="gray" title={s.title}>
          {s.off}
        </Alert>
      </Container>
    );
  }

  return (
    <Container size="lg" py="md">
      <Stack gap="md">
        <div>
          <Title order={2}>{s.title}</Title>
          <Text c="dimmed" size="sm">
            {s.subtitle}
          </Text>
        </div>
        {simulatorChannels.length === 0 && phone.channels.length > 0 && (
          <Alert color="yellow">{s.noChannel}</Alert>
        )}
        {phone.blocked && phone.blocked.code !== 'not_found' && (
          <Alert color="yellow">{phone.blocked.message}</Alert>
        )}
        {(problem ?? phone.error) && (
          <Alert color="red" withCloseButton onClose={() => setProblem(null)}>
            {problem ?? phone.error}
          </Alert>
        )}
        <Group align="flex-start" gap="md" wrap="nowrap">
          <Stack w={280} gap="sm">
            {simulatorChannels.length > 1 && (
              <Select
                label={s.businessNumber}
                data={simulatorChannels.map((c) => ({ value: c.phoneNumberId, label: c.displayPhoneNumber }))}
                value={phoneNumberId ?? simulatorChannels[0]?.phoneNumberId ?? null}
                onChange={(v) => setPhoneNumberId(v)}
                allowDeselect={false}
              />
            )}
            <Paper withBorder p="sm" component="form" onSubmit={createCustomer}>
              <Stack gap="xs">
                <Text fw={600} size="sm">
                  {s.newCustomer}
                </Text>
                <TextInput
                  label={s.customerName}
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  required
                  maxLength={100}
                />
                <TextInput
                  label={s.customerNumber}
                  value={number}
                  onChange={(e) => setNumber(e.currentTarget.value)}
                  inputMode="tel"
                  maxLength={20}
                />
                <Button type="submit" size="xs" disabled={!name.trim()}>
                  {s.create}
                </Button>
              </Stack>
            </Paper>
            <Paper withBorder p={4}>
              <Text fw={600} size="sm" px="xs" py={4}>
                {s.customers}
              </Text>
              {phone.customers.length === 0 && (
                <Text size="sm" c="dimmed" px="xs" pb="xs">
                  {s.noCustomers}
                </Text>
              )}
              <ScrollArea.Autosize mah={420}>
                {phone.customers.map((c) => (
                  <NavLink
                    key={c.waId}
                    active={c.waId === waId}
                    label={c.profileName}
                    description={`+${c.waId}`}
                    onClick={() => {
                      setWaId(c.waId);
                      setReplyTo(null);
                    }}
                    rightSection={c.unseen ? <Badge size="xs">{s.unseen(c.unseen)}</Badge> : null}
                  />
                ))}
              </ScrollArea.Autosize>
            </Paper>
          </Stack>

          <Paper withBorder radius="lg" w={420} style={{ overflow: 'hidden' }} data-testid="phone">
            {!customer ? (
              <Box p="xl">
                <Text c="dimmed">{s.pickCustomer}</Text>
              </Box>
            ) : (
              <Stack gap={0} h={640}>
                <Group
                  px="md"
                  py="sm"
                  bg="var(--mantine-color-green-7)"
                  justify="space-between"
                  wrap="nowrap"
                >
                  <Box>
                    <Text c="white" fw={600}>
                      {customer.profileName}
                    </Text>
                    <Text c="white" size="xs" opacity={0.85}>
                      +{customer.waId}
                    </Text>
                  </Box>
                  <MetaEventsMenu
                    waId={customer.waId}
                    disabled={busy}
                    onDone={() => void phone.refresh()}
                    onProblem={setProblem}
                  />
                </Group>
                <ScrollArea flex={1} viewportRef={viewport} bg="var(--mantine-color-default-hover)" p="sm">
                  <Stack
                    gap="xs"
                    component="ul"
                    aria-label={customer.profileName}
                    m={0}
                    p={0}
                    style={{ listStyle: 'none' }}
                  >
                    {phone.messages.map((m) => (
                      <li key={m.wamid}>
                        <PhoneBubble
                          message={m}
                          onReply={setReplyTo}
                          onReact={(target, emoji) =>
                            void send({ type: 'reaction', targetWamid: target.wamid, emoji })
                          }
                          onButton={(target, label) =>
                            void send({ type: 'button', text: label, replyTo: target.wamid })
                          }
                        />
                      </li>
                    ))}
                  </Stack>
                </ScrollArea>
                {replyTo && (
                  <Group px="sm" py={4} gap="xs" wrap="nowrap" bg="var(--mantine-color-default)">
                    <Text size="xs" c="dimmed" style={{ flex: 1 }} lineClamp={1}>
                      {s.replyingTo}: {replyTo.text || replyTo.type}
                    </Text>
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      aria-label={s.cancelReply}
                      onClick={() => setReplyTo(null)}
                    >
                      <IconX size={14} />
                    </ActionIcon>
                  </Group>
                )}
                <Group component="form" onSubmit={submitText} p="sm" gap="xs" wrap="nowrap" align="flex-end">
                  <FileButton onChange={(f) => void sendPhoto(f)} accept="image/jpeg,image/png">
                    {(props) => (
                      <ActionIcon {...props} variant="subtle" size="lg" aria-label={s.photo} disabled={busy}>
                        <IconPhoto size={20} />
                      </ActionIcon>
                    )}
                  </FileButton>
                  <ActionIcon
                    variant="subtle"
                    size="lg"
                    aria-label={s.location}
                    disabled={busy}
                    onClick={() => void send({ type: 'location', ...s.sampleLocation })}
                  >
                    <IconMapPin size={20} />
                  </ActionIcon>
                  <Textarea
                    aria-label={s.message}
                    placeholder={s.messagePlaceholder}
                    value={text}
                    onChange={(e) => setText(e.currentTarget.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' && !e.shiftKey) {
                        e.preventDefault();
                        void submitText();
                      }
                    }}
                    autosize
                    minRows={1}
                    maxRows={5}
                    maxLength={TEXT_MAX_CHARS}
                    style={{ flex: 1 }}
                  />
                  <ActionIcon type="submit" size="lg" aria-label={s.send} disabled={busy || !text.trim()}>
                    <IconSend size={18} />
                  </ActionIcon>
                </Group>
              </Stack>
            )}
          </Paper>
        </Group>
      </Stack>
    </Container>
  );
}
