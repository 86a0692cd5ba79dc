import { Badge, Box, Button, Group, Paper, Text } from '@mantine/core';
import { IconFilePlus, IconPlaylistAdd, IconShare3 } from '@tabler/icons-react';
import { memo, useState } from 'react';
import { isNote } from '../../schema/internal-note.ts';
import { AUTHOR_CUSTOMER, AUTHOR_OPERATOR } from '../app/text-colors.ts';
import { MessageStatusIcon } from '../chats/message-status-icon.tsx';
import { ct } from '../i18n/conversation-strings.ts';
import { NoteBubble } from '../notes/note-bubble.tsx';
import { ContactCards, LocationCard, MessageMedia } from './message-media.tsx';
import { messageSummary } from './message-summary.ts';
import { MessageText } from './message-text.tsx';
import { MessageTools } from './message-tools.tsx';
import { groupReactions } from './thread-items.ts';
import type { MessageActions, ThreadMessageRow } from './types.ts';

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

/** One message: author, time, ticks, failure reason, media, quote, reactions, and its action menu. */
export const MessageBubble = memo(function MessageBubble(props: Props) {
  const { message: m, customerName, myId, canWrite, queued, lastFromCustomer, actions } = props;
  // The pointer has been over this message: its tools set their menus up (message-tools.tsx) before the
  // pointer reaches them, so a click never lands on a button being replaced.
  const [reached, setReached] = useState(false);
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
      onPointerEnter={reached ? undefined : () => setReached(true)}
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
        <MessageTools message={m} canWrite={canWrite} actions={actions} reached={reached} />
      </Group>
      {reactions.length > 0 && (
        <Group gap={4} mt={-2} data-testid="reactions">
          {reactions.map((r) => (
            <Badge
              key={r.emoji}
              variant={r.mine ? 'filled' : 'default'}
              color={r.mine ? 'cdeskBlue' : undefined}
              size="sm"
              radius="xl"
              data-testid="reaction"
              data-tip={r.actors
                .map((a) => (a === 'customer' ? customerName : a === myId ? 'You' : a))
                .join(', ')}
              style={{ cursor: r.mine && canWrite ? 'pointer' : undefined, textTransform: 'none' }}
              onClick={r.mine && canWrite ? () => actions.react(m, '') : undefined}
            >
              {r.emoji} {r.count > 1 ? r.count : ''}
            </Badge>
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
