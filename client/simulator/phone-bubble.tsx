import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Image,
  Menu,
  Paper,
  Stack,
  Text,
} from '@mantine/core';
import {
  IconArrowBackUp,
  IconCheck,
  IconChecks,
  IconClock,
  IconMapPin,
  IconMoodSmile,
} from '@tabler/icons-react';
import { simulatorStrings as s } from '../i18n/simulator-strings.ts';
import type { PhoneMessage } from './simulator-api.ts';

const EMOJIS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

/** WhatsApp's ticks on the customer's own messages: sent ✓, delivered ✓✓, read by the business (blue) ✓✓. */
const TICKS = new Map<string, { Icon: typeof IconCheck; color: string }>([
  ['read', { Icon: IconChecks, color: 'var(--mantine-color-blue-6)' }],
  ['delivered', { Icon: IconChecks, color: 'var(--mantine-color-gray-6)' }],
  ['sent', { Icon: IconCheck, color: 'var(--mantine-color-gray-6)' }],
]);

function Ticks({ status }: { status: string }) {
  const tick = TICKS.get(status);
  if (!tick) return <IconClock size={14} aria-label={status} />;
  return (
    <Box
      component="span"
      role="img"
      aria-label={s.tick[status] ?? status}
      data-status={status}
      style={{ display: 'inline-flex' }}
    >
      <tick.Icon size={16} color={tick.color} aria-hidden />
    </Box>
  );
}

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export type BubbleProps = {
  message: PhoneMessage;
  onReply: (m: PhoneMessage) => void;
  onReact: (m: PhoneMessage, emoji: string) => void;
  onButton: (m: PhoneMessage, text: string) => void;
};

/** One message on the phone. Customer and business text is rendered as text, never as HTML. */
export function PhoneBubble({ message: m, onReply, onReact, onButton }: BubbleProps) {
  const mine = m.from === 'mine';
  const mediaUrl = m.media?.id ? `/simulator-api/media/${encodeURIComponent(m.media.id)}` : null;
  return (
    <Group
      justify={mine ? 'flex-end' : 'flex-start'}
      align="flex-end"
      gap={4}
      wrap="nowrap"
      data-testid="phone-message"
      data-from={m.from}
      data-wamid={m.wamid}
    >
      {mine && <BubbleActions message={m} onReply={onReply} onReact={onReact} />}
      <Stack gap={2} maw="78%">
        <Paper
          px="sm"
          py={6}
          radius="md"
          shadow="xs"
          bg={mine ? 'var(--mantine-color-green-1)' : 'var(--mantine-color-body)'}
          withBorder={!mine}
        >
          {m.replyTo && (
            <Box
              mb={4}
              px={6}
              py={2}
              style={{
                borderLeft: '3px solid var(--mantine-color-green-6)',
                background: 'var(--mantine-color-default-hover)',
              }}
            >
              <Text size="xs" c="dimmed" lineClamp={2}>
                {m.replyTo.text}
              </Text>
            </Box>
          )}
          {mediaUrl && m.type === 'image' && (
            <Image src={mediaUrl} alt={m.text || 'photo'} maw={220} radius="sm" mb={4} />
          )}
          {m.media && (m.type !== 'image' || !mediaUrl) && (
            <Text size="sm" fw={500}>
              {mediaUrl ? (
                <Anchor href={mediaUrl} target="_blank" rel="noreferrer">
                  {m.media.filename ?? m.type}
                </Anchor>
              ) : (
                (m.media.link ?? m.type)
              )}
            </Text>
          )}
          {m.location && (
            <Group gap={4}>
              <IconMapPin size={16} aria-hidden />
              <Text size="sm">{m.text}</Text>
            </Group>
          )}
          {!m.location && m.text && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {m.text}
            </Text>
          )}
          <Group gap={4} justify="flex-end" mt={2}>
            <Text size="xs" c="dimmed">
              {time(m.createdAt)}
            </Text>
            {mine ? (
              <Ticks status={m.status} />
            ) : (
              <Text size="xs" c={m.status === 'failed' ? 'red' : 'dimmed'} data-testid="business-status">
                {m.status === 'failed'
                  ? `${s.status.failed}: ${m.error ?? ''}`
                  : (s.status[m.status] ?? m.status)}
              </Text>
            )}
          </Group>
        </Paper>
        {(m.reactions.mine || m.reactions.theirs) && (
          <Group gap={4} justify={mine ? 'flex-end' : 'flex-start'}>
            {m.reactions.theirs && (
              <Badge variant="default" size="sm" title={s.business}>
                {m.reactions.theirs}
              </Badge>
            )}
            {m.reactions.mine && (
              <Badge variant="default" size="sm" title={s.you}>
                {m.reactions.mine}
              </Badge>
            )}
          </Group>
        )}
        {!mine && m.buttons.length > 0 && (
          <Group gap={4}>
            {m.buttons.map((b) => (
              <Button key={b} size="compact-xs" variant="default" onClick={() => onButton(m, b)}>
                {b}
              </Button>
            ))}
          </Group>
        )}
      </Stack>
      {!mine && <BubbleActions message={m} onReply={onReply} onReact={onReact} />}
    </Group>
  );
}

function BubbleActions({ message, onReply, onReact }: Omit<BubbleProps, 'onButton'>) {
  return (
    <Stack gap={2}>
      <Menu position="top" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" size="sm" aria-label={s.react}>
            <IconMoodSmile size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Group gap={2} px={4}>
            {EMOJIS.map((e) => (
              <Menu.Item key={e} px={6} onClick={() => onReact(message, e)} aria-label={`${s.react} ${e}`}>
                {e}
              </Menu.Item>
            ))}
          </Group>
          {message.reactions.mine && (
            <Menu.Item onClick={() => onReact(message, '')}>{s.removeReaction}</Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <ActionIcon variant="subtle" size="sm" aria-label={s.reply} onClick={() => onReply(message)}>
        <IconArrowBackUp size={16} />
      </ActionIcon>
    </Stack>
  );
}
