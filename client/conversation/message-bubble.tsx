import { ActionIcon, Badge, Box, Button, Group, Menu, Paper, Popover, Text, Tooltip } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import {
  IconArrowBackUp,
  IconCopy,
  IconDots,
  IconFilePlus,
  IconMoodSmile,
  IconPlaylistAdd,
  IconRefresh,
  IconShare3,
} from '@tabler/icons-react';
import { memo, useState } from 'react';
import { isNote } from '../../schema/internal-note.ts';
import { AUTHOR_CUSTOMER, AUTHOR_OPERATOR } from '../app/text-colors.ts';
import { MessageStatusIcon } from '../chats/message-status-icon.tsx';
import { ct } from '../i18n/conversation-strings.ts';
import { NoteBubble } from '../notes/note-bubble.tsx';
import { ContactCards, LocationCard, MessageMedia } from './message-media.tsx';
import { MessageText } from './message-text.tsx';
import { groupReactions } from './thread-items.ts';
import type { ThreadMessageRow } from './types.ts';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;

export type MessageActions = {
  reply: (m: ThreadMessageRow) => void;
  react: (m: ThreadMessageRow, emoji: string) => void;
  newRequest: (m: ThreadMessageRow) => void;
  addToRequest: (m: ThreadMessageRow) => void;
  retry: (m: ThreadMessageRow) => void;
};

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

type Props = {
  message: ThreadMessageRow;
  customerName: string;
  myId: string;
  canWrite: boolean;
  queued: boolean;
  lastFromCustomer: boolean;
  actions: MessageActions;
};

/** Meta's answer to a send when it is not a plain acceptance (held_for_quality_assessment, paused). */
function metaMessageStatus(m: ThreadMessageRow): string | null {
  const payload = m.payload as Record<string, unknown> | null;
  const status = payload && typeof payload === 'object' ? payload.meta_message_status : null;
  return typeof status === 'string' ? status : null;
}

/** The text shown for a message in quotes, copies and request posts. */
export function messageSummary(m: { type: string; body: string }): string {
  return m.body.trim() || `[${m.type}]`;
}

function QuotedMessage({ message, customerName }: { message: ThreadMessageRow; customerName: string }) {
  const q = message.replyTo;
  return (
    <Box
      data-testid="quoted-message"
      mb={4}
      px={8}
      py={4}
      style={{
        borderLeft: '3px solid var(--mantine-color-cdeskBlue-5)',
        background: 'var(--mantine-color-default-hover)',
        borderRadius: 4,
      }}
    >
      {q ? (
        <>
          <Text size="xs" fw={600} c="cdeskBlue.7">
            {q.direction === 'in' ? customerName : ct.view.operatorFallback}
          </Text>
          <Text size="xs" lineClamp={2} style={{ whiteSpace: 'pre-wrap' }}>
            {messageSummary(q)}
          </Text>
        </>
      ) : (
        <Text size="xs" c="dimmed" fs="italic">
          {ct.thread.quotedMissing}
        </Text>
      )}
    </Box>
  );
}

function MessageBody({ m }: { m: ThreadMessageRow }) {
  const payload = (m.payload ?? null) as Record<string, unknown> | null;
  switch (m.type) {
    case 'location':
      return <LocationCard payload={payload} />;
    case 'contacts':
      return <ContactCards payload={payload} />;
    default:
      return (
        <>
          <MessageMedia type={m.type} attachment={m.attachment} />
          {m.body && (m.type !== 'document' || m.body !== m.attachment?.filename) && (
            <Box mt={m.attachment ? 4 : 0}>
              <MessageText text={m.body} />
            </Box>
          )}
        </>
      );
  }
}

function MessageMenu({ message: m, canWrite, actions }: Pick<Props, 'message' | 'canWrite' | 'actions'>) {
  const clipboard = useClipboard({ timeout: 1500 });
  const [reactOpen, setReactOpen] = useState(false);
  return (
    <Group gap={0} className="cdesk-message-tools" wrap="nowrap">
      {canWrite && (
        <Popover opened={reactOpen} onChange={setReactOpen} position="top" withArrow shadow="md">
          <Popover.Target>
            <ActionIcon
              variant="subtle"
              size="sm"
              color="gray"
              aria-label={ct.menu.react}
              data-tip={ct.menu.react}
              onClick={() => setReactOpen((o) => !o)}
            >
              <IconMoodSmile size={16} />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown p={4}>
            <Group gap={2}>
              {QUICK_REACTIONS.map((e) => (
                <ActionIcon
                  key={e}
                  variant="subtle"
                  size="lg"
                  aria-label={`${ct.menu.react} ${e}`}
                  onClick={() => {
                    setReactOpen(false);
                    actions.react(m, e);
                  }}
                >
                  <span style={{ fontSize: 20 }}>{e}</span>
                </ActionIcon>
              ))}
            </Group>
          </Popover.Dropdown>
        </Popover>
      )}
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            size="sm"
            color="gray"
            aria-label={ct.menu.open}
            data-testid="message-menu"
          >
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {canWrite && (
            <Menu.Item leftSection={<IconArrowBackUp size={16} />} onClick={() => actions.reply(m)}>
              {ct.menu.reply}
            </Menu.Item>
          )}
          {canWrite && (
            <Menu.Item leftSection={<IconMoodSmile size={16} />} onClick={() => setReactOpen(true)}>
              {ct.menu.react}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => clipboard.copy(messageSummary(m))}>
            {clipboard.copied ? ct.menu.copied : ct.menu.copy}
          </Menu.Item>
          {canWrite && (
            <Menu.Item leftSection={<IconFilePlus size={16} />} onClick={() => actions.newRequest(m)}>
              {ct.menu.newRequest}
            </Menu.Item>
          )}
          {canWrite && (
            <Menu.Item leftSection={<IconPlaylistAdd size={16} />} onClick={() => actions.addToRequest(m)}>
              {ct.menu.addToRequest}
            </Menu.Item>
          )}
          {canWrite && m.direction === 'out' && m.status === 'failed' && (
            <Menu.Item leftSection={<IconRefresh size={16} />} color="red" onClick={() => actions.retry(m)}>
              {ct.menu.retry}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

/** One message: author, time, ticks, failure reason, media, quote, reactions, and its action menu. */
export const MessageBubble = memo(function MessageBubble(props: Props) {
  const { message: m, customerName, myId, canWrite, queued, lastFromCustomer, actions } = props;
  if (isNote(m)) return <NoteBubble note={m} />;
  const outgoing = m.direction === 'out';
  const author = outgoing
    ? (m.operator?.name ??
      (m.origin === 'business_agent'
        ? ct.thread.businessAgent
        : m.origin === 'business_app'
          ? ct.thread.fromPhoneApp
          : ct.view.system))
    : customerName || ct.view.customer;
  // Meta's own error on a message we received (e.g. 131000): shown, with the reply it answers.
  const inboundError =
    !outgoing && m.errorCode && m.type !== 'unsupported'
      ? [`#${m.errorCode}`, m.errorTitle ?? '', m.errorDetail ?? ''].filter(Boolean).join(' · ')
      : '';
  const reactions = groupReactions(m.reactions, myId);
  const failure =
    m.status === 'failed'
      ? [m.errorCode ? `#${m.errorCode}` : '', m.errorTitle ?? '', m.errorDetail ?? '']
          .filter(Boolean)
          .join(' · ')
      : '';
  return (
    <Box
      px="md"
      py={4}
      data-testid="thread-message"
      data-message-id={m.id}
      data-direction={m.direction}
      style={{ display: 'flex', flexDirection: 'column', alignItems: outgoing ? 'flex-end' : 'flex-start' }}
    >
      <Group
        gap={4}
        align="flex-start"
        wrap="nowrap"
        style={{ flexDirection: outgoing ? 'row-reverse' : 'row', maxWidth: '85%' }}
      >
        <Paper
          px="sm"
          py={6}
          radius="md"
          shadow="xs"
          style={{
            background: outgoing ? 'var(--mantine-color-cdeskBlue-light)' : 'var(--mantine-color-body)',
            border: '1px solid var(--mantine-color-default-border)',
            minWidth: 120,
            maxWidth: '100%',
          }}
        >
          <Group gap={6} justify="space-between" wrap="nowrap" mb={2}>
            <Text
              size="xs"
              fw={600}
              c={outgoing ? AUTHOR_OPERATOR : AUTHOR_CUSTOMER}
              data-testid="message-author"
            >
              {author}
            </Text>
            {m.templateName && (
              <Badge size="xs" variant="light" color="grape">
                {ct.thread.template}: {m.templateName}
              </Badge>
            )}
            {m.origin === 'standby' && (
              <Badge size="xs" variant="light" color="gray" data-testid="agent-badge">
                {ct.thread.handledByAgent}
              </Badge>
            )}
          </Group>
          {(m.forwarded || m.frequentlyForwarded) && (
            <Group gap={2} c="dimmed">
              <IconShare3 size={12} />
              <Text size="xs" fs="italic">
                {m.frequentlyForwarded ? ct.thread.frequentlyForwarded : ct.thread.forwarded}
              </Text>
            </Group>
          )}
          {(m.replyToMessageId || m.replyToWamid) && (
            <QuotedMessage message={m} customerName={customerName} />
          )}
          <Box
            data-testid="message-body"
            style={m.deletedAt ? { textDecoration: 'line-through', opacity: 0.6 } : undefined}
          >
            <MessageBody m={m} />
          </Box>
          {outgoing && metaMessageStatus(m) && (
            <Text size="xs" c="orange.8" mt={2} data-testid="meta-message-status">
              {metaMessageStatus(m) === 'paused' ? ct.thread.paused : ct.thread.held}
            </Text>
          )}
          {inboundError && (
            <Text size="xs" c="red.7" mt={2} data-testid="inbound-error">
              {ct.thread.metaError}: {inboundError}
            </Text>
          )}
          <Group gap={4} justify="flex-end" mt={2} wrap="nowrap">
            {m.deletedAt && (
              <Text size="xs" c="red.7" fs="italic" data-testid="deleted-label">
                {ct.thread.deleted}
              </Text>
            )}
            {m.editedAt && !m.deletedAt && (
              <Text
                size="xs"
                c="dimmed"
                fs="italic"
                data-testid="edited-label"
                data-tip={fullFmt.format(m.editedAt)}
              >
                {ct.thread.edited}
              </Text>
            )}
            {outgoing && m.billable && (
              <Text size="xs" c="dimmed" data-testid="billable-label">
                {ct.thread.billable(m.pricingCategory ?? '')}
              </Text>
            )}
            {queued && (
              <Badge size="xs" color="orange" variant="light" data-testid="queued-badge">
                {ct.thread.queued}
              </Badge>
            )}
            {/* Hover texts go through the thread's one HoverTip (data-tip): a Tooltip per bubble set up
                floating-ui for every message on screen each time a thread opened. */}
            <Text size="xs" c="dimmed" data-testid="message-time" data-tip={fullFmt.format(m.createdAt)}>
              {timeFmt.format(m.createdAt)}
            </Text>
            {outgoing && !queued && <MessageStatusIcon status={m.status} error={failure || null} />}
          </Group>
          {failure && (
            <Text size="xs" c="red.7" mt={2} data-testid="failure-reason">
              {ct.thread.failed}: {failure}
            </Text>
          )}
        </Paper>
        <MessageMenu message={m} canWrite={canWrite} actions={actions} />
      </Group>
      {reactions.length > 0 && (
        <Group gap={4} mt={-2} data-testid="reactions">
          {reactions.map((r) => (
            <Tooltip
              key={r.emoji}
              label={r.actors
                .map((a) => (a === 'customer' ? customerName : a === myId ? 'You' : a))
                .join(', ')}
            >
              <Badge
                variant={r.mine ? 'filled' : 'default'}
                color={r.mine ? 'cdeskBlue' : undefined}
                size="sm"
                radius="xl"
                data-testid="reaction"
                style={{ cursor: r.mine && canWrite ? 'pointer' : undefined, textTransform: 'none' }}
                onClick={r.mine && canWrite ? () => actions.react(m, '') : undefined}
              >
                {r.emoji} {r.count > 1 ? r.count : ''}
              </Badge>
            </Tooltip>
          ))}
        </Group>
      )}
      {lastFromCustomer && canWrite && (
        <Group gap="xs" mt={6} data-testid="customer-actions">
          <Button
            size="compact-xs"
            variant="light"
            leftSection={<IconFilePlus size={14} />}
            onClick={() => actions.newRequest(m)}
          >
            {ct.customerActions.newRequest}
          </Button>
          <Button
            size="compact-xs"
            variant="default"
            leftSection={<IconPlaylistAdd size={14} />}
            onClick={() => actions.addToRequest(m)}
          >
            {ct.customerActions.addToRequest}
          </Button>
        </Group>
      )}
    </Box>
  );
});
