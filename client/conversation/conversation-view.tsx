import { Box, Button, Drawer, Group, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { RECENT_COLLEAGUE_REPLY_MS } from '../../schema/conversation-viewers.ts';
import { isReply } from '../../schema/internal-note.ts';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import { type Role, canWrite as roleMayWrite } from '../../schema/roles.ts';
import { useAfterFirstPaint } from '../app/use-after-first-paint.ts';
import { CustomerProfile } from '../customers/customer-profile.tsx';
import { ct } from '../i18n/conversation-strings.ts';
import { AddToRequestModal } from '../requests/add-to-request-modal.tsx';
import { type NewRequestDraft, NewRequestForm } from '../requests/new-request-form.tsx';
import { RequestDetail } from '../requests/request-detail.tsx';
import { RequestsPane } from '../requests/requests-pane.tsx';
import { ColleaguesHere } from './colleagues-here.tsx';
import { type ColleagueReply, Composer } from './composer.tsx';
import { ConversationLifecycleBar } from './conversation-lifecycle-bar.tsx';
import { messageSummary } from './message-summary.ts';
import { MessageThread } from './message-thread.tsx';
import { MetaStateBadges } from './meta-state-badges.tsx';
import { MissingConversation } from './missing-conversation.tsx';
import { TemplatePicker } from './template-picker.tsx';
import type { MessageActions, ThreadMessageRow } from './types.ts';
import { useConversationMessages } from './use-conversation-messages.ts';
import { useMarkRead } from './use-mark-read.ts';
import { useViewerReporting } from './use-viewer-reporting.ts';
import { useServiceWindow } from './window-status.tsx';

/** Tablets in portrait and landscape (1024 px), and narrow windows. */
const COMPACT_LAYOUT = '(max-width: 1199px)';

type RightPane = { kind: 'none' } | { kind: 'new'; draft: NewRequestDraft } | { kind: 'request'; id: string };

export type ConversationViewProps = {
  id: string;
  operator: { id: string; role: Role; canSendTemplates: boolean };
  timeZone?: string;
  /** Once the thread shows its newest messages (or that there are none): the screen's content. */
  onThreadShown?: () => void;
};

function suggestName(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

/**
 * The conversation detail in three panes: requests from this conversation (left), the live thread and
 * the composer (middle), and the new-request form or the selected request (right).
 */
export function ConversationView({ id, operator, timeZone, onThreadShown }: ConversationViewProps) {
  const z = useZero();
  const [conv, convStatus] = useQuery(queries.conversations.row({ id }));
  const [channels] = useQuery(queries.channels.list());
  const { messages, hasOlder, loadingOlder, loadOlder, complete } = useConversationMessages(id);
  const [events] = useQuery(queries.events.byConversation({ conversationId: id }));
  const canWrite = roleMayWrite(operator.role);
  const win = useServiceWindow(conv?.customerLastMessageAt);
  const [right, setRight] = useState<RightPane>({ kind: 'none' });
  // Below this width the side panes leave the thread too little room (tablets, small laptops): they become
  // drawers opened from the header, and the thread takes the whole width.
  const compact = useMediaQuery(COMPACT_LAYOUT) ?? false;
  const [requestsOpen, setRequestsOpen] = useState(false);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const [replyTo, setReplyTo] = useState<ThreadMessageRow | null>(null);
  const [addTo, setAddTo] = useState<ThreadMessageRow | null>(null);
  const [templatesOpen, setTemplatesOpen] = useState(false);
  const [dropped, setDropped] = useState<File | null>(null);
  // The thread and the composer first: the side panes (requests, customer profile, each with its queries)
  // mount once the thread has painted its newest messages, in boxes of their final width, so nothing moves
  // when they fill in. Opening a conversation not yet synced, mounting them earlier held the messages
  // arriving from the server behind some 200 ms of their rendering.
  const threadShown = messages.length > 0 || complete;
  const panes = useAfterFirstPaint(threadShown);
  // A conversation opened by its address (a reload on it) is the screen's content, as the table's rows are.
  useEffect(() => {
    if (threadShown) onThreadShown?.();
  }, [threadShown, onThreadShown]);
  useMarkRead(id, conv?.unreadCount, canWrite);

  // Another conversation: start clean.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on id change only
  useEffect(() => {
    setRight({ kind: 'none' });
    setReplyTo(null);
  }, [id]);

  // Keep a workspace tab for the open conversation (synced preferences).
  const [prefs, prefsStatus] = useQuery(queries.preferences.mine());
  const [me] = useQuery(queries.operators.me());
  const viewers = useViewerReporting(id, conv !== undefined);
  // Messages are newest first: a colleague's reply counts if nothing came from the customer after it.
  // Read from a ref when the operator sends, so the (memoised) composer does not re-render per message.
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const recentColleagueReply = useCallback((): ColleagueReply | null => {
    const messages = messagesRef.current;
    const reply = messages.find(isReply);
    if (!reply?.operatorId || reply.operatorId === operator.id) return null;
    if (Date.now() - reply.createdAt > RECENT_COLLEAGUE_REPLY_MS) return null;
    const customerSince = messages.findIndex((m) => m.direction === 'in');
    if (customerSince !== -1 && customerSince < messages.indexOf(reply)) return null;
    return { id: reply.id, name: reply.operator?.name ?? '', body: messageSummary(reply) };
  }, [operator.id]);
  useEffect(() => {
    if (!conv || prefsStatus.type !== 'complete') return;
    const tabs = prefs?.openTabs ?? [];
    // openTab applies to the current list on the server, so concurrent tab changes are not overwritten.
    if (!tabs.includes(id)) z.mutate(mutators.preferences.openTab({ id, now: Date.now() }));
  }, [conv, prefs, prefsStatus.type, id, z]);

  const openNewRequest = useCallback((m: ThreadMessageRow | null) => {
    const text = m ? messageSummary(m) : '';
    setRight({
      kind: 'new',
      draft: {
        key: `${m?.id ?? 'blank'}:${Date.now()}`,
        sourceMessageId: m?.id ?? null,
        description: text,
        suggestedName: suggestName(text),
      },
    });
  }, []);

  const actions: MessageActions = useMemo(
    () => ({
      reply: (m) => setReplyTo(m),
      react: (m, emoji) => {
        z.mutate(
          mutators.messages.react({ id: crypto.randomUUID(), messageId: m.id, emoji, now: Date.now() }),
        );
      },
      newRequest: (m) => openNewRequest(m),
      addToRequest: (m) => setAddTo(m),
      retry: (m) => {
        z.mutate(mutators.messages.retry({ messageId: m.id }));
      },
    }),
    [z, openNewRequest],
  );

  // Stable props for the memoised panes and composer: sending a reply re-renders this view (the outbox,
  // the thread's query), and nothing but the thread and the header should render again with it.
  const lastCustomer = messages.find((m) => m.direction === 'in') ?? null;
  const lastCustomerRef = useRef(lastCustomer);
  lastCustomerRef.current = lastCustomer;
  const openRequest = useCallback((rid: string) => setRight({ kind: 'request', id: rid }), []);
  const selectRequest = useCallback((rid: string) => {
    setRequestsOpen(false);
    setRight({ kind: 'request', id: rid });
  }, []);
  const newRequestFromLast = useCallback(() => {
    setRequestsOpen(false);
    openNewRequest(lastCustomerRef.current);
  }, [openNewRequest]);
  const cancelReply = useCallback(() => setReplyTo(null), []);
  const openTemplates = useCallback(() => setTemplatesOpen(true), []);
  const closeTemplates = useCallback(() => setTemplatesOpen(false), []);
  const droppedFileTaken = useCallback(() => setDropped(null), []);
  const closeAddTo = useCallback(() => setAddTo(null), []);
  const addedToRequest = useCallback((rid: string) => {
    setAddTo(null);
    setRight({ kind: 'request', id: rid });
  }, []);
  const cannedValues = useMemo(
    () => ({
      'customer.name': conv?.participantName,
      'customer.phone': conv?.participantPhone,
      'operator.name': me?.name,
      'business.number': conv?.businessNumber,
    }),
    [conv?.participantName, conv?.participantPhone, conv?.businessNumber, me?.name],
  );

  if (!conv) return <MissingConversation id={id} loaded={convStatus.type === 'complete'} />;
  const customerName = conv.participantName || conv.participantPhone;
  const channel = channels.find((c) => c.id === conv.channelId);

  const requestsPane = (
    <RequestsPane
      conversationId={id}
      selectedId={right.kind === 'request' ? right.id : null}
      onSelect={selectRequest}
      onNew={newRequestFromLast}
      canWrite={canWrite}
    />
  );
  const rightPane =
    right.kind === 'new' ? (
      <NewRequestForm
        key={right.draft.key}
        conversationId={id}
        contactLabel={`${customerName} (${conv.participantPhone})`}
        draft={right.draft}
        onCreated={(rid) => setRight({ kind: 'request', id: rid })}
        onCancel={() => setRight({ kind: 'none' })}
      />
    ) : right.kind === 'request' ? (
      <RequestDetail id={right.id} canWrite={canWrite} onClose={() => setRight({ kind: 'none' })} />
    ) : (
      <CustomerProfile
        contactId={conv.contactId}
        conversationId={id}
        canWrite={canWrite}
        onOpenRequest={openRequest}
      />
    );

  return (
    <Box
      style={{ flex: 1, minHeight: 0, display: 'flex' }}
      data-testid="conversation-view"
      data-conversation-id={id}
    >
      {compact ? (
        <Drawer
          opened={requestsOpen}
          onClose={() => setRequestsOpen(false)}
          position="left"
          size="min(320px, 90vw)"
          title={ct.layout.requests}
          closeButtonProps={{ 'aria-label': ct.layout.closeRequests }}
          data-testid="requests-drawer"
        >
          {requestsPane}
        </Drawer>
      ) : (
        <Box w={260} style={{ borderRight: '1px solid var(--mantine-color-default-border)', minHeight: 0 }}>
          {panes && requestsPane}
        </Box>
      )}
      <Box
        style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}
        onDragOver={(e: DragEvent) => {
          if (canWrite && e.dataTransfer.types.includes('Files')) e.preventDefault();
        }}
        onDrop={(e: DragEvent) => {
          const file = e.dataTransfer.files[0];
          if (canWrite && file) {
            e.preventDefault();
            setDropped(file);
          }
        }}
      >
        <Group
          px="md"
          py={6}
          gap="xs"
          justify="space-between"
          wrap="wrap"
          style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
        >
          <Box>
            <Text fw={600} data-testid="conversation-title">
              {customerName}
            </Text>
            <Text size="xs" c="dimmed">
              {conv.participantPhone} · #{conv.number} · {conv.businessNumber}
            </Text>
          </Box>
          <Group gap="xs" wrap="wrap" justify="flex-end">
            <MetaStateBadges
              messages={messages}
              threadControl={conv.threadControl ?? null}
              billableCount={conv.billableCount ?? 0}
            />
            <ConversationLifecycleBar conversation={conv} {...(timeZone ? { timeZone } : {})} />
            {compact && (
              <>
                <Button size="compact-sm" variant="default" onClick={() => setRequestsOpen(true)}>
                  {ct.layout.requests}
                </Button>
                <Button size="compact-sm" variant="default" onClick={() => setDetailsOpen(true)}>
                  {ct.layout.details}
                </Button>
              </>
            )}
          </Group>
        </Group>
        <MessageThread
          conversationId={id}
          messages={messages}
          hasOlder={hasOlder}
          loadingOlder={loadingOlder}
          onLoadOlder={loadOlder}
          customerName={customerName}
          myId={operator.id}
          canWrite={canWrite}
          actions={actions}
          events={events}
          {...(timeZone ? { timeZone } : {})}
        />
        <ColleaguesHere conversationId={id} me={operator.id} />
        <Composer
          conversationId={id}
          win={win}
          canWrite={canWrite}
          canSendTemplates={operator.canSendTemplates}
          channelBroken={
            !!channel && (channel.sendsPaused || (channel.health !== 'ok' && channel.health !== 'unknown'))
          }
          replyTo={replyTo}
          onCancelReply={cancelReply}
          onOpenTemplates={openTemplates}
          droppedFile={dropped}
          onDroppedFileTaken={droppedFileTaken}
          onTyping={viewers.reportTyping}
          onSent={viewers.stopTyping}
          recentColleagueReply={recentColleagueReply}
          cannedValues={cannedValues}
          operator={operator}
        />
      </Box>
      {compact ? (
        <Drawer
          opened={detailsOpen || right.kind !== 'none'}
          onClose={() => {
            setDetailsOpen(false);
            setRight({ kind: 'none' });
          }}
          position="right"
          size="min(400px, 92vw)"
          title={ct.layout.details}
          closeButtonProps={{ 'aria-label': ct.layout.closeDetails }}
        >
          <Box data-testid="right-pane">{rightPane}</Box>
        </Drawer>
      ) : (
        <Box
          w={380}
          style={{ borderLeft: '1px solid var(--mantine-color-default-border)', overflowY: 'auto' }}
          data-testid="right-pane"
        >
          {panes && rightPane}
        </Box>
      )}
      {/* The dialogs (each with its queries) come with the panes: the thread's first frame does without. */}
      {panes && (
        <>
          <TemplatePicker
            opened={templatesOpen}
            onClose={closeTemplates}
            conversationId={id}
            customerName={customerName}
            customerPhone={conv.participantPhone}
          />
          <AddToRequestModal
            message={addTo}
            contactId={conv.contactId}
            onClose={closeAddTo}
            onAdded={addedToRequest}
          />
        </>
      )}
    </Box>
  );
}
